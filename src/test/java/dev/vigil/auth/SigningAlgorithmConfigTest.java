package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * {@code vigil.tokens.signing-algorithm} is read through the same configuration mapping the
 * application starts with: ES256 unless set, EdDSA when asked, and anything else stops the start with
 * a message that names the key and the values it takes.
 */
class SigningAlgorithmConfigTest {

    @Test
    void es256IsTheDefault() {
        assertEquals(SigningAlgorithm.ES256, tokens(Map.of()).signingAlgorithm());
    }

    @Test
    void eddsaAndEs256AreAcceptedInAnyLetterCase() {
        assertEquals(SigningAlgorithm.EdDSA, tokens(Map.of("vigil.tokens.signing-algorithm", "EdDSA")).signingAlgorithm());
        assertEquals(SigningAlgorithm.EdDSA, tokens(Map.of("vigil.tokens.signing-algorithm", " eddsa ")).signingAlgorithm());
        assertEquals(SigningAlgorithm.ES256, tokens(Map.of("vigil.tokens.signing-algorithm", "es256")).signingAlgorithm());
    }

    @Test
    void anyOtherAlgorithmStopsTheStartWithAMessageNamingTheKeyAndItsValues() {
        for (String wrong : new String[] {"RS256", "HS256", "none", "Ed25519", "ES384"}) {
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> tokens(Map.of("vigil.tokens.signing-algorithm", wrong)).signingAlgorithm(), wrong);

            String message = messages(failure);
            assertTrue(message.contains("vigil.tokens.signing-algorithm must be ES256 or EdDSA, not \"" + wrong + "\""), message);
        }
    }

    @Test
    void theJoseNameIsWhatTokensAndTheDatabaseCarry() {
        assertEquals("ES256", SigningAlgorithm.ES256.jose());
        assertEquals("EdDSA", SigningAlgorithm.EdDSA.jose());
        assertEquals(SigningAlgorithm.EdDSA, SigningAlgorithm.ofStored("EdDSA"));
        assertEquals(SigningAlgorithm.ES256, SigningAlgorithm.ofStored("ES256"));
    }

    private static TokenConfig tokens(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("vigil.public-url", "http://localhost:8080");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TokenConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build();
        return config.getConfigMapping(TokenConfig.class);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}

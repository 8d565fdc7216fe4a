package dev.vigil.auth;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jca.ProviderContext;

/**
 * Tokens are signed and verified on Bouncy Castle, whatever the algorithm, and their keys are made and
 * read by it too (a key object of another provider is converted at every signature). Warmed up on the
 * build machine, per token: ES256 about 110 µs to sign and to verify, where the JDK's own provider
 * needs about 650 µs and 1,250 µs on JDK 17; Ed25519 ({@code EdDSA}) about 50 µs to sign and 120 µs to
 * verify, where the JDK's provider needs about 900 µs and 1 ms (bench/SignRate.java; see
 * docs/development.md, "Stack choices, with the measurements behind them"). The provider is added at
 * the end of the JVM's list, so it changes no other default.
 */
final class JoseProviders {

    private static final Provider PROVIDER = registered();

    static final ProviderContext BOUNCY_CASTLE = context();

    private JoseProviders() {
    }

    /** The Bouncy Castle provider that signs and verifies, and reads and makes Ed25519 keys. */
    static Provider bouncyCastle() {
        return PROVIDER;
    }

    private static Provider registered() {
        Provider present = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (present != null) {
            return present;
        }
        Security.addProvider(new BouncyCastleProvider());
        return Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    }

    private static ProviderContext context() {
        ProviderContext context = new ProviderContext();
        context.getSuppliedKeyProviderContext().setSignatureProvider(PROVIDER.getName());
        context.getGeneralProviderContext().setSignatureProvider(PROVIDER.getName());
        return context;
    }
}

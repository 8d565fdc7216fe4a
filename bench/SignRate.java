import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;

/**
 * Warmed-up time of one access-token signature and one verification, for the algorithms and
 * providers Vigil can sign with: ES256 on Bouncy Castle (what Vigil uses by default), ES256 on the
 * JDK's SunEC, and Ed25519 ({@code EdDSA}) on Bouncy Castle and on the JDK. One thread, so the figures
 * are CPU time per operation on one core.
 *
 * <p>Two layers are timed: {@code raw} is one {@link Signature} object reused for every operation
 * over a token-sized signing input (the cryptography alone); {@code jws} is what Vigil does per
 * token, a jose4j compact serialization (sign) or a parse and {@code verifySignature()} (verify)
 * with the provider chosen through a jose4j {@link ProviderContext}, including the per-operation
 * {@code Signature.getInstance} and, for ES256, the DER to R||S conversion.
 *
 * <p>Usage (after {@code ./mvnw package -DskipTests}, on the built classpath):
 * {@code java -cp 'target/quarkus-app/lib/main/*' bench/SignRate.java [SECONDS [WARM_UP_SECONDS]]}.
 * Each case warms up for WARM_UP_SECONDS (default 2), then counts for SECONDS (default 3). Prints one
 * line per case: {@code case=... layer=... op=... ops=N us_per_op=T}, then the JVM and the load
 * average.
 */
public class SignRate {

    /** A signing input the size of a real access token's header and payload. */
    private static final byte[] INPUT = signingInput();

    private record Case(String name, String algorithm, String jose, KeyPair keys, String provider) {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        double warmUp = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        String es256 = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
        String eddsa = AlgorithmIdentifiers.EDDSA;
        KeyPair sunEcP256 = ec("SunEC");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("ES256/BC", "SHA256withECDSA", es256, ec("BC"), "BC"));
        // What Vigil did before: keys made by the JDK's KeyFactory, signed by Bouncy Castle.
        cases.add(new Case("ES256/BC-with-SunEC-keys", "SHA256withECDSA", es256, sunEcP256, "BC"));
        cases.add(new Case("ES256/SunEC", "SHA256withECDSA", es256, sunEcP256, "SunEC"));
        cases.add(new Case("Ed25519/BC", "Ed25519", eddsa, ed25519("BC"), "BC"));
        cases.add(new Case("Ed25519/JDK", "Ed25519", eddsa, ed25519("SunEC"), "SunEC"));

        for (Case c : cases) {
            raw(c, seconds, warmUp);
            jws(c, seconds, warmUp);
        }
        System.out.printf(Locale.ROOT, "java=%s vm=%s load_average=%s%n", System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name").replace(' ', '_'),
                new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim()
                        .replaceAll(" [^ ]+ [^ ]+$", "").replace(' ', ','));
    }

    private static void raw(Case c, double seconds, double warmUp) throws Exception {
        Signature signer = Signature.getInstance(c.algorithm(), c.provider());
        signer.initSign(c.keys().getPrivate());
        byte[][] last = new byte[1][];
        Op sign = () -> {
            signer.update(INPUT);
            last[0] = signer.sign();
        };
        report(c, "raw", "sign", time(sign, seconds, warmUp));
        byte[] signature = last[0];
        Signature verifier = Signature.getInstance(c.algorithm(), c.provider());
        verifier.initVerify(c.keys().getPublic());
        Op verify = () -> {
            verifier.update(INPUT);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("a signature of " + c.name() + " did not verify");
            }
        };
        report(c, "raw", "verify", time(verify, seconds, warmUp));
    }

    private static void jws(Case c, double seconds, double warmUp) throws Exception {
        ProviderContext context = new ProviderContext();
        context.getSuppliedKeyProviderContext().setSignatureProvider(c.provider());
        context.getGeneralProviderContext().setSignatureProvider(c.provider());
        String payload = new String(INPUT, StandardCharsets.US_ASCII).split("\\.")[1];
        String[] last = new String[1];
        Op sign = () -> {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
            jws.setKey(c.keys().getPrivate());
            jws.setKeyIdHeaderValue("bench-key");
            jws.setAlgorithmHeaderValue(c.jose());
            jws.setHeader("typ", "at+jwt");
            jws.setProviderContext(context);
            last[0] = jws.getCompactSerialization();
        };
        report(c, "jws", "sign", time(sign, seconds, warmUp));
        String token = last[0];
        Op verify = () -> {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(token);
            jws.setKey(c.keys().getPublic());
            jws.setProviderContext(context);
            if (!jws.verifySignature()) {
                throw new IllegalStateException("a token of " + c.name() + " did not verify");
            }
        };
        report(c, "jws", "verify", time(verify, seconds, warmUp));
    }

    private interface Op {
        void run() throws Exception;
    }

    /** Microseconds per operation, after warming up; {@code [ops, us_per_op]}. */
    private static double[] time(Op op, double seconds, double warmUp) throws Exception {
        long warmEnd = System.nanoTime() + (long) (warmUp * 1e9);
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long count = 0;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                op.run();
            }
            count += 16;
            now = System.nanoTime();
        } while (now < end);
        return new double[] {count, (now - start) / 1e3 / count};
    }

    private static void report(Case c, String layer, String op, double[] result) {
        System.out.printf(Locale.ROOT, "case=%s layer=%s op=%s ops=%d us_per_op=%.1f%n", c.name(), layer, op,
                (long) result[0], result[1]);
    }

    private static KeyPair ec(String provider) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair ed25519(String provider) throws Exception {
        return KeyPairGenerator.getInstance("Ed25519", provider).generateKeyPair();
    }

    private static byte[] signingInput() {
        String header = "{\"kid\":\"Zq3-Jq0bE8m2W4dKx1Qh9cVtY7uRnPaLsGfDkHjMwXo\",\"typ\":\"at+jwt\",\"alg\":\"ES256\"}";
        String payload = "{\"iss\":\"https://vigil.example.org\",\"aud\":\"https://vigil.example.org\","
                + "\"sub\":\"6f1c2b7e-2a4d-4c1e-9b8f-3d5e7a9c1b2d\",\"sid\":\"0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b\","
                + "\"groups\":[\"user\"],\"email_verified\":true,\"tier\":\"free\","
                + "\"jti\":\"4e7d1c2b-9a8f-4b6e-8d3c-2f1a0e9d8c7b\",\"iat\":1781517600,\"exp\":1781518200}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return (base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
    }
}

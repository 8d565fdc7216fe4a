package dev.vigil.auth;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jca.ProviderContext;

/**
 * Tokens are signed and verified on Bouncy Castle, whatever the algorithm. ES256: on JDK 17 it signs
 * in about 250 µs and verifies in about 230 µs, where the JDK's own provider needs about 410 µs and
 * 910 µs (measured on the build machine, see docs/development.md, "Stack choices, with the
 * measurements behind them"). Ed25519 ({@code EdDSA}): Bouncy Castle signs in about 50 µs, the JDK 17
 * provider in about 1 ms (bench/SignRate.java). The provider is added at the end of the JVM's list, so
 * it changes no other default.
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

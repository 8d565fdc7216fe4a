package dev.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.ClientDataType;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;

/**
 * A passkey authenticator in software, for tests: one ES256 key pair (JDK), one credential, a
 * signature counter. The CBOR of the attestation object and authenticator data and the client data
 * JSON are written by webauthn4j's own data model and converters; only the ECDSA signature is made
 * with {@code java.security}. Answers come as the {@code PublicKeyCredential.toJSON()} a browser
 * sends. Its origin, RP id, counter and flags can be set wrong on purpose.
 */
public final class SoftwareAuthenticator {

    static final String ORIGIN = "http://localhost:8080";
    static final String RP_ID = "localhost";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final byte[] credentialId;
    private byte[] userHandle;
    long counter;
    String origin = ORIGIN;
    String rpId = RP_ID;
    boolean userVerified = true;
    boolean backupEligible;
    boolean backupState;

    public SoftwareAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.credentialId = new byte[32];
        RANDOM.nextBytes(credentialId);
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    /** Answers creation options (the challenge and user.id as the server sent them) like navigator.credentials.create(). */
    public Map<String, Object> register(String challenge, String userId) {
        this.userHandle = DECODE.decode(userId);
        AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(sha256(rpId),
                flags(true), counter, attested);
        byte[] attestationObject = new AttestationObjectConverter(CONVERTER)
                .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData(ClientDataType.WEBAUTHN_CREATE, challenge)));
        response.put("attestationObject", B64.encodeToString(attestationObject));
        response.put("transports", List.of("internal", "hybrid"));
        // What a browser's toJSON() adds besides, for servers that read no CBOR.
        response.put("authenticatorData", B64.encodeToString(new AuthenticatorDataConverter(CONVERTER).convert(data)));
        response.put("publicKey", B64.encodeToString(keys.getPublic().getEncoded()));
        response.put("publicKeyAlgorithm", -7);
        return credential(response);
    }

    /** Answers request options like navigator.credentials.get(): the next counter value, signed. */
    public Map<String, Object> assertion(String challenge) {
        counter++;
        return assertionAtCounter(challenge, counter);
    }

    /** An assertion with this counter, whatever the authenticator's own counter is. */
    Map<String, Object> assertionAtCounter(String challenge, long signCount) {
        AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(sha256(rpId),
                flags(false), signCount);
        byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER).convert(data);
        byte[] clientData = clientData(ClientDataType.WEBAUTHN_GET, challenge);
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(authenticatorData);
            ecdsa.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("authenticatorData", B64.encodeToString(authenticatorData));
        response.put("signature", B64.encodeToString(signature));
        if (userHandle != null) {
            response.put("userHandle", B64.encodeToString(userHandle));
        }
        return credential(response);
    }

    private Map<String, Object> credential(Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", credentialId());
        credential.put("rawId", credentialId());
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("clientExtensionResults", Map.of());
        credential.put("authenticatorAttachment", "platform");
        return credential;
    }

    private byte[] clientData(ClientDataType type, String challenge) {
        return new CollectedClientDataConverter(CONVERTER).convertToBytes(new CollectedClientData(type,
                new DefaultChallenge(DECODE.decode(challenge)), new Origin(origin), null));
    }

    private byte flags(boolean attested) {
        int flags = AuthenticatorData.BIT_UP;
        if (userVerified) {
            flags |= AuthenticatorData.BIT_UV;
        }
        if (backupEligible) {
            flags |= AuthenticatorData.BIT_BE;
        }
        if (backupState) {
            flags |= AuthenticatorData.BIT_BS;
        }
        if (attested) {
            flags |= AuthenticatorData.BIT_AT;
        }
        return (byte) flags;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

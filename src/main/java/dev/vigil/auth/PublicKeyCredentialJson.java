package dev.vigil.auth;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAPI description of a request's {@code credential} member, which is read as a JSON tree and
 * handed to webauthn4j as it came: the browser's {@code PublicKeyCredential.toJSON()}, whose member
 * names (camelCase, WebAuthn's own) are not Vigil's to choose. Never instantiated.
 */
@Schema(name = "PublicKeyCredential", type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
        description = "The browser's PublicKeyCredential as PublicKeyCredential.toJSON() writes it, with WebAuthn's own"
                + " member names: id, rawId, type, authenticatorAttachment, clientExtensionResults and response"
                + " (clientDataJSON plus attestationObject and transports when registering, or authenticatorData,"
                + " signature and userHandle when signing in); binary values in base64url")
final class PublicKeyCredentialJson {

    private PublicKeyCredentialJson() {
    }
}

package dev.vigil.auth;

import java.util.List;

/** A registered credential by id (base64url), with the transports its authenticator named (may be empty). */
public record PasskeyDescriptor(String type, String id, List<String> transports) {
}

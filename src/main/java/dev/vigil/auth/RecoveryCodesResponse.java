package dev.vigil.auth;

import java.util.List;

/** Single-use codes that stand in for a TOTP code; shown once, stored hashed. */
public record RecoveryCodesResponse(List<String> recoveryCodes) {
}

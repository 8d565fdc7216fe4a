package dev.vigil.auth;

import dev.vigil.common.error.ErrorCode;

/** Failures of logging in and of using tokens. */
public enum AuthError implements ErrorCode {
    INVALID_CREDENTIALS(401, "invalid-credentials", "Invalid login or password"),
    INVALID_REFRESH_TOKEN(401, "invalid-token", "The refresh token is not valid"),
    ACCOUNT_LOCKED(423, "account-locked", "The account is locked"),
    ACCOUNT_BANNED(403, "account-banned", "The account is banned"),
    ACCOUNT_RELEASED(403, "account-released", "The account was released");

    private final int status;
    private final String slug;
    private final String title;

    AuthError(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public String title() {
        return title;
    }
}

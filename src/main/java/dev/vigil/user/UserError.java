package dev.vigil.user;

import dev.vigil.common.error.ErrorCode;

/** Failures of registration and of managing one's own user. */
public enum UserError implements ErrorCode {
    USERNAME_TAKEN(409, "username-taken", "The username is taken"),
    INVITE_REQUIRED(403, "invite-required", "Registration needs an invitation"),
    WRONG_PASSWORD(400, "wrong-password", "The password is not right");

    private final int status;
    private final String slug;
    private final String title;

    UserError(int status, String slug, String title) {
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

package dev.vigil.account;

import dev.vigil.common.error.ErrorCode;

public enum AccountError implements ErrorCode {
    INVALID_STATE_TRANSITION(409, "invalid-state-transition", "This status change is not allowed");

    private final int status;
    private final String slug;
    private final String title;

    AccountError(int status, String slug, String title) {
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

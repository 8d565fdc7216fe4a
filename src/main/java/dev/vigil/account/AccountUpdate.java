package dev.vigil.account;

/** The result of a user's own account change. */
public record AccountUpdate(boolean changed, AccountResponse account, String referralCode) {
}

-- Lockout and TOTP two-factor login.
-- The lock-expiry job finds expired locks through this index: its cost grows with the locks that
-- ended, not with the number of users.
CREATE INDEX users_locked_until_idx ON users (locked_until) WHERE locked_until IS NOT NULL;

-- One TOTP authenticator per user (RFC 6238, SHA-1, 6 digits, 30 s). Pending until confirmed with a
-- code; only a confirmed one is required at login. last_used_step makes every code single use.
CREATE TABLE totp_credentials (
    user_id        uuid        NOT NULL,
    secret         bytea       NOT NULL,
    confirmed_at   timestamptz,
    last_used_step bigint,
    created_at     timestamptz NOT NULL,
    CONSTRAINT totp_credentials_pk PRIMARY KEY (user_id),
    CONSTRAINT totp_credentials_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT totp_credentials_secret_ck CHECK (octet_length(secret) >= 20)
);

-- Single-use recovery codes, stored as SHA-256 only.
CREATE TABLE totp_recovery_codes (
    user_id   uuid        NOT NULL,
    code_hash bytea       NOT NULL,
    used_at   timestamptz,
    CONSTRAINT totp_recovery_codes_pk PRIMARY KEY (user_id, code_hash),
    CONSTRAINT totp_recovery_codes_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

-- The second step of a TOTP login: the password was right; the mfa_token (SHA-256 only) continues it.
CREATE TABLE mfa_challenges (
    token_hash bytea       NOT NULL,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT mfa_challenges_pk PRIMARY KEY (token_hash),
    CONSTRAINT mfa_challenges_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expires_at_idx ON mfa_challenges (expires_at);

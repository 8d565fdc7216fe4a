-- Vigil's core schema: users, their 1:1 accounts, login sessions, token signing keys, and the
-- outbox where every outgoing message is recorded in the same transaction as its cause.
-- Applied migrations are never edited; later changes get a new V<n> file.

CREATE TABLE users (
    id                       uuid         NOT NULL,
    username                 varchar(32)  NOT NULL,
    email                    varchar(254) NOT NULL,
    password_hash            varchar(255) NOT NULL,
    email_verified           boolean      NOT NULL DEFAULT false,
    pending_email            varchar(254),
    display_name             varchar(100),
    phone                    varchar(16),
    timezone                 varchar(64)  NOT NULL DEFAULT 'UTC',
    preferred_contact_method varchar(8)   NOT NULL DEFAULT 'email',
    roles                    varchar(64)  NOT NULL DEFAULT 'user',
    failed_attempts          integer      NOT NULL DEFAULT 0,
    locked_until             timestamptz,
    lock_level               integer      NOT NULL DEFAULT 0,
    banned_at                timestamptz,
    banned_until             timestamptz,
    ban_reason               varchar(500),
    created_at               timestamptz  NOT NULL,
    updated_at               timestamptz  NOT NULL,
    last_login_at            timestamptz,
    CONSTRAINT users_pk PRIMARY KEY (id),
    CONSTRAINT users_username_format_ck CHECK (username ~ '^[a-z0-9._-]{3,32}$'),
    CONSTRAINT users_email_format_ck CHECK (position('@' IN email) > 1),
    CONSTRAINT users_phone_format_ck CHECK (phone IS NULL OR phone ~ '^\+[1-9][0-9]{1,14}$'),
    CONSTRAINT users_contact_method_ck CHECK (preferred_contact_method IN ('email', 'sms')),
    -- roles: a comma-separated set, always including "user"
    CONSTRAINT users_roles_ck CHECK (roles ~ '^user(,(admin|superuser))*$'),
    CONSTRAINT users_failed_attempts_ck CHECK (failed_attempts >= 0),
    CONSTRAINT users_lock_level_ck CHECK (lock_level >= 0),
    CONSTRAINT users_ban_ck CHECK (banned_until IS NULL OR banned_at IS NOT NULL)
);
CREATE UNIQUE INDEX users_username_uk ON users (username);
-- Emails are stored as given and compared case-insensitively.
CREATE UNIQUE INDEX users_email_uk ON users (lower(email));
CREATE INDEX users_pending_email_idx ON users (lower(pending_email)) WHERE pending_email IS NOT NULL;
CREATE INDEX users_created_at_idx ON users (created_at);

CREATE TABLE accounts (
    id                      uuid         NOT NULL,
    user_id                 uuid         NOT NULL,
    subscription_type       varchar(16)  NOT NULL DEFAULT 'free',
    subscription_start_date timestamptz  NOT NULL,
    subscription_end_date   timestamptz,
    bill_renew_date         timestamptz,
    auto_renewal            boolean      NOT NULL DEFAULT false,
    account_status          varchar(16)  NOT NULL DEFAULT 'active',
    account_status_reason   varchar(500),
    cancellation_date       timestamptz,
    cancellation_reason     varchar(500),
    referral_code           varchar(64),
    created_at              timestamptz  NOT NULL,
    updated_at              timestamptz  NOT NULL,
    CONSTRAINT accounts_pk PRIMARY KEY (id),
    CONSTRAINT accounts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT accounts_user_uk UNIQUE (user_id),
    CONSTRAINT accounts_subscription_type_ck CHECK (subscription_type IN ('free', 'basic', 'premium')),
    CONSTRAINT accounts_status_ck CHECK (account_status IN ('active', 'paused', 'cancelled', 'fulfilled')),
    CONSTRAINT accounts_cancellation_ck CHECK (account_status <> 'cancelled' OR cancellation_date IS NOT NULL)
);
CREATE INDEX accounts_status_idx ON accounts (account_status);

-- A login session: what a refresh token continues and what an access token's "sid" names.
-- Only the SHA-256 of the current refresh token is stored.
CREATE TABLE sessions (
    id                 uuid         NOT NULL,
    user_id            uuid         NOT NULL,
    refresh_token_hash bytea        NOT NULL,
    created_at         timestamptz  NOT NULL,
    last_used_at       timestamptz  NOT NULL,
    expires_at         timestamptz  NOT NULL,
    revoked_at         timestamptz,
    revoke_reason      varchar(32),
    ip                 varchar(45),
    user_agent         varchar(512),
    CONSTRAINT sessions_pk PRIMARY KEY (id),
    CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT sessions_refresh_token_hash_uk UNIQUE (refresh_token_hash),
    CONSTRAINT sessions_revoke_reason_ck CHECK (revoke_reason IN
        ('logout', 'logout-all', 'password-changed', 'password-reset', 'refresh-reused', 'user-deleted',
         'banned', 'released', 'session-deleted', 'admin')),
    CONSTRAINT sessions_revoked_ck CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Refresh tokens that were rotated away. Presenting one again means it leaked: the session dies.
CREATE TABLE spent_refresh_tokens (
    token_hash bytea       NOT NULL,
    session_id uuid        NOT NULL,
    spent_at   timestamptz NOT NULL,
    CONSTRAINT spent_refresh_tokens_pk PRIMARY KEY (token_hash),
    CONSTRAINT spent_refresh_tokens_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
);
CREATE INDEX spent_refresh_tokens_session_idx ON spent_refresh_tokens (session_id);

-- Keys that sign access tokens. Generated at first start when none is configured, so that every
-- instance shares them. A retired key no longer signs but stays published until its tokens expire.
CREATE TABLE signing_keys (
    kid         varchar(64)  NOT NULL,
    algorithm   varchar(16)  NOT NULL,
    public_key  text         NOT NULL,
    private_key text         NOT NULL,
    created_at  timestamptz  NOT NULL,
    retired_at  timestamptz,
    CONSTRAINT signing_keys_pk PRIMARY KEY (kid),
    CONSTRAINT signing_keys_algorithm_ck CHECK (algorithm IN ('ES256'))
);
CREATE INDEX signing_keys_retired_at_idx ON signing_keys (retired_at);

-- Outgoing messages, written in the same transaction as the change that causes them.
CREATE TABLE outbox (
    id              uuid         NOT NULL,
    channel         varchar(16)  NOT NULL,
    template        varchar(64)  NOT NULL,
    recipient       varchar(254) NOT NULL,
    user_id         uuid,
    payload         jsonb        NOT NULL DEFAULT '{}'::jsonb,
    status          varchar(16)  NOT NULL DEFAULT 'pending',
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL,
    sent_at         timestamptz,
    last_error      varchar(500),
    CONSTRAINT outbox_pk PRIMARY KEY (id),
    CONSTRAINT outbox_channel_ck CHECK (channel IN ('email', 'sms', 'webhook')),
    CONSTRAINT outbox_status_ck CHECK (status IN ('pending', 'sent', 'dead')),
    CONSTRAINT outbox_attempts_ck CHECK (attempts >= 0)
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_user_idx ON outbox (user_id);

-- Passkeys (WebAuthn credentials) and the challenges of their ceremonies.

-- One row per registered passkey. credential_data is the attested credential data exactly as
-- webauthn4j serializes it (AAGUID, credential id, COSE public key); the signature counter and the
-- backup flags (BE, BS) are kept to check every later assertion against.
CREATE TABLE passkeys (
    id              uuid         NOT NULL,
    user_id         uuid         NOT NULL,
    credential_id   bytea        NOT NULL,
    credential_data bytea        NOT NULL,
    name            varchar(100) NOT NULL,
    sign_count      bigint       NOT NULL,
    uv_initialized  boolean      NOT NULL,
    backup_eligible boolean      NOT NULL,
    backup_state    boolean      NOT NULL,
    transports      varchar(200),
    created_at      timestamptz  NOT NULL,
    last_used_at    timestamptz,
    CONSTRAINT passkeys_pk PRIMARY KEY (id),
    CONSTRAINT passkeys_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT passkeys_credential_id_uq UNIQUE (credential_id),
    CONSTRAINT passkeys_credential_id_ck CHECK (octet_length(credential_id) BETWEEN 1 AND 1023),
    CONSTRAINT passkeys_sign_count_ck CHECK (sign_count BETWEEN 0 AND 4294967295)
);
CREATE INDEX passkeys_user_idx ON passkeys (user_id, created_at);

-- A ceremony's challenge: single use (spent by the DELETE that reads it), expiring, bound to its
-- purpose and, for a registration or a login that named its user, to that user.
CREATE TABLE passkey_challenges (
    id         uuid        NOT NULL,
    purpose    varchar(16) NOT NULL,
    challenge  bytea       NOT NULL,
    user_id    uuid,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT passkey_challenges_pk PRIMARY KEY (id),
    CONSTRAINT passkey_challenges_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT passkey_challenges_purpose_ck CHECK (purpose IN ('registration', 'login')),
    CONSTRAINT passkey_challenges_user_ck CHECK (purpose = 'login' OR user_id IS NOT NULL)
);
CREATE INDEX passkey_challenges_expires_at_idx ON passkey_challenges (expires_at);
CREATE INDEX passkey_challenges_user_idx ON passkey_challenges (user_id) WHERE user_id IS NOT NULL;

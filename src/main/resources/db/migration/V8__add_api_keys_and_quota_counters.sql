-- API keys (a user's, or a service principal's when user_id is null) and the shared request
-- counters behind per-tier quotas. Only the SHA-256 of a key is stored; its first characters
-- (the prefix) find the row and are shown in lists.

CREATE TABLE api_keys (
    id           uuid          NOT NULL,
    user_id      uuid,
    name         varchar(100)  NOT NULL,
    prefix       varchar(16)   NOT NULL,
    key_hash     bytea         NOT NULL,
    scopes       varchar(100)  NOT NULL DEFAULT '',
    created_by   uuid,
    created_at   timestamptz   NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    CONSTRAINT api_keys_pk PRIMARY KEY (id),
    CONSTRAINT api_keys_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT api_keys_prefix_uk UNIQUE (prefix),
    -- scopes: a comma-separated set of admin and credentials, or empty
    CONSTRAINT api_keys_scopes_ck CHECK (scopes ~ '^((admin|credentials)(,(admin|credentials))*)?$'),
    CONSTRAINT api_keys_expiry_ck CHECK (expires_at IS NULL OR expires_at > created_at)
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at);
CREATE INDEX api_keys_service_idx ON api_keys (created_at) WHERE user_id IS NULL;

-- Every instance caches keys with their owner's standing. Whatever changes a key or the standing of
-- its owner (revocation, deletion, a ban, roles, release, tier) announces the principal's id on this
-- channel when it commits, whichever code path made the change.
CREATE FUNCTION api_key_owner_changed() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'api_keys' THEN
        PERFORM pg_notify('vigil_api_key_changed', coalesce(OLD.user_id, OLD.id)::text);
    ELSIF TG_TABLE_NAME = 'accounts' THEN
        PERFORM pg_notify('vigil_api_key_changed', OLD.user_id::text);
    ELSE
        PERFORM pg_notify('vigil_api_key_changed', OLD.id::text);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER api_keys_changed AFTER DELETE OR UPDATE OF user_id, key_hash, scopes, expires_at ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_key_owner_changed();
CREATE TRIGGER users_standing_changed AFTER UPDATE OF roles, banned_at, banned_until ON users
    FOR EACH ROW WHEN (OLD.roles IS DISTINCT FROM NEW.roles OR OLD.banned_at IS DISTINCT FROM NEW.banned_at
                       OR OLD.banned_until IS DISTINCT FROM NEW.banned_until)
    EXECUTE FUNCTION api_key_owner_changed();
CREATE TRIGGER users_deleted AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION api_key_owner_changed();
CREATE TRIGGER accounts_standing_changed AFTER UPDATE OF subscription_type, account_status ON accounts
    FOR EACH ROW WHEN (OLD.subscription_type IS DISTINCT FROM NEW.subscription_type
                       OR OLD.account_status IS DISTINCT FROM NEW.account_status)
    EXECUTE FUNCTION api_key_owner_changed();

-- Requests per principal and quota window, summed over every instance: each instance adds what it
-- counted since its last flush and reads the total back.
CREATE TABLE quota_counters (
    subject_id     uuid        NOT NULL,
    window_seconds integer     NOT NULL,
    window_start   timestamptz NOT NULL,
    requests       bigint      NOT NULL,
    CONSTRAINT quota_counters_pk PRIMARY KEY (subject_id, window_seconds, window_start),
    CONSTRAINT quota_counters_window_ck CHECK (window_seconds > 0),
    CONSTRAINT quota_counters_requests_ck CHECK (requests >= 0)
);
CREATE INDEX quota_counters_window_start_idx ON quota_counters (window_start);

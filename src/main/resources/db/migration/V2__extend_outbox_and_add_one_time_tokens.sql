-- The outbox becomes a real queue: message kinds, a lease for messages being sent (a crash leaves
-- them to be sent again once the lease ends), an idempotency key, and a trigger that wakes the
-- dispatchers when new messages commit. One-time tokens back every mailed link.

ALTER TABLE outbox RENAME COLUMN channel TO kind;
ALTER TABLE outbox DROP CONSTRAINT outbox_channel_ck;
UPDATE outbox SET kind = 'mail' WHERE kind = 'email';
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_ck CHECK (kind IN ('mail', 'sms', 'webhook'));

ALTER TABLE outbox DROP CONSTRAINT outbox_status_ck;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_ck CHECK (status IN ('pending', 'sending', 'sent', 'dead'));

ALTER TABLE outbox ADD COLUMN idempotency_key varchar(200);
UPDATE outbox SET idempotency_key = id::text;
ALTER TABLE outbox ALTER COLUMN idempotency_key SET NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_idempotency_key_uk UNIQUE (idempotency_key);

ALTER TABLE outbox ADD COLUMN lease_until timestamptz;
ALTER TABLE outbox ADD COLUMN updated_at timestamptz;
UPDATE outbox SET updated_at = created_at;
ALTER TABLE outbox ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_lease_ck CHECK (status <> 'sending' OR lease_until IS NOT NULL);

-- Webhook recipients are URLs.
ALTER TABLE outbox ALTER COLUMN recipient TYPE varchar(2048);

DROP INDEX outbox_due_idx;
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_lease_idx ON outbox (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE status = 'sent';
CREATE INDEX outbox_status_created_idx ON outbox (status, created_at);

-- Delivered at commit, once per inserting statement: a new message wakes the dispatchers at once.
CREATE FUNCTION outbox_notify_inserted() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('vigil_outbox', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify_inserted();

-- Single-use tokens behind mailed links. Only the SHA-256 of a token is stored.
CREATE TABLE one_time_tokens (
    token_hash bytea        NOT NULL,
    purpose    varchar(32)  NOT NULL,
    user_id    uuid,
    target     varchar(254),
    created_at timestamptz  NOT NULL,
    expires_at timestamptz  NOT NULL,
    used_at    timestamptz,
    CONSTRAINT one_time_tokens_pk PRIMARY KEY (token_hash),
    CONSTRAINT one_time_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT one_time_tokens_purpose_ck CHECK (purpose IN ('verify-email', 'reset-password', 'check-in', 'invite')),
    CONSTRAINT one_time_tokens_expiry_ck CHECK (expires_at > created_at)
);
CREATE INDEX one_time_tokens_user_purpose_idx ON one_time_tokens (user_id, purpose);
CREATE INDEX one_time_tokens_expires_at_idx ON one_time_tokens (expires_at);

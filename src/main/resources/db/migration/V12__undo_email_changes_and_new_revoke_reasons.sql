-- An address change remembers the session that asked for it: when the new address is confirmed,
-- every other session ends and that one stays.
ALTER TABLE users ADD COLUMN pending_email_session_id uuid;

-- The "this wasn't me" link of an address-change notice.
ALTER TABLE one_time_tokens DROP CONSTRAINT one_time_tokens_purpose_ck;
ALTER TABLE one_time_tokens ADD CONSTRAINT one_time_tokens_purpose_ck
    CHECK (purpose IN ('verify-email', 'reset-password', 'check-in', 'invite', 'undo-email-change'));

-- Sessions now also end when a new address is confirmed and when an address change is undone.
ALTER TABLE sessions DROP CONSTRAINT sessions_revoke_reason_ck;
ALTER TABLE sessions ADD CONSTRAINT sessions_revoke_reason_ck CHECK (revoke_reason IN
    ('logout', 'logout-all', 'password-changed', 'password-reset', 'refresh-reused', 'user-deleted',
     'banned', 'released', 'session-deleted', 'admin', 'email-changed', 'email-change-undone'));

-- Sign-in links ("magic links") are one-time tokens of their own purpose.
ALTER TABLE one_time_tokens DROP CONSTRAINT one_time_tokens_purpose_ck;
ALTER TABLE one_time_tokens ADD CONSTRAINT one_time_tokens_purpose_ck
    CHECK (purpose IN ('verify-email', 'reset-password', 'check-in', 'invite', 'undo-email-change', 'unlock', 'magic-link'));

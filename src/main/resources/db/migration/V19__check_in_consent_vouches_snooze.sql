-- The check-in switch, second version: contacts consent before they can receive a final message,
-- accepted contacts are asked to check on the owner when grace begins and may postpone the release
-- once each per deadline, the owner can snooze the switch, and activity may count as a check-in.

-- Contacts named before consent existed were never asked; they start as pending like new ones,
-- and the owner's reminders say how many are still pending.
ALTER TABLE trusted_contacts ADD COLUMN consent varchar(8) NOT NULL DEFAULT 'pending';
ALTER TABLE trusted_contacts ADD CONSTRAINT trusted_contacts_consent_ck
    CHECK (consent IN ('pending', 'accepted', 'declined'));
ALTER TABLE trusted_contacts ADD COLUMN consent_answered_at timestamptz;
-- When the last consent request was queued: resending is allowed once per cooldown.
ALTER TABLE trusted_contacts ADD COLUMN consent_requested_at timestamptz;

-- Not null while the accepted contacts still have to be asked whether the owner is all right: the
-- moment grace begins. The scan sets it back to null in the transaction that queues the messages.
ALTER TABLE check_ins ADD COLUMN ask_contacts_at timestamptz;
CREATE INDEX check_ins_ask_due_idx ON check_ins (ask_contacts_at) WHERE ask_contacts_at IS NOT NULL;
UPDATE check_ins SET ask_contacts_at = next_due_at
    WHERE enabled AND NOT suspended AND released_at IS NULL AND next_due_at IS NOT NULL;

-- No reminders and no release before this moment; the current deadline starts there.
ALTER TABLE check_ins ADD COLUMN snoozed_until timestamptz;
-- A successful login, refresh or API-key use counts as a check-in.
ALTER TABLE check_ins ADD COLUMN activity_counts boolean NOT NULL DEFAULT false;

-- One row per contact asked "are they OK?" and per vouch: the primary keys make each happen once
-- per (account, deadline, contact) however many instances run.
CREATE TABLE check_in_contact_asks (
    user_id     uuid        NOT NULL,
    deadline_no bigint      NOT NULL,
    contact_id  uuid        NOT NULL,
    asked_at    timestamptz NOT NULL,
    vouched_at  timestamptz,
    CONSTRAINT check_in_contact_asks_pk PRIMARY KEY (user_id, deadline_no, contact_id),
    CONSTRAINT check_in_contact_asks_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT check_in_contact_asks_contact_fk FOREIGN KEY (contact_id) REFERENCES trusted_contacts (id)
        ON DELETE CASCADE
);

-- Reminders of the grace period are planned after the deadline: their offset from it is negative.
-- An escalated reminder went to both channels (the user has an address and a phone number);
-- channel stays the one the user prefers.
ALTER TABLE check_in_reminders ADD COLUMN escalated boolean NOT NULL DEFAULT false;

ALTER TABLE one_time_tokens DROP CONSTRAINT one_time_tokens_purpose_ck;
ALTER TABLE one_time_tokens ADD CONSTRAINT one_time_tokens_purpose_ck
    CHECK (purpose IN ('verify-email', 'reset-password', 'check-in', 'invite', 'undo-email-change', 'unlock',
        'magic-link', 'contact-consent', 'vouch'));

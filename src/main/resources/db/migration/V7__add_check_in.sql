-- The check-in feature ("dead man's switch"): per-user switch state, the reminders sent for each
-- deadline (sent exactly once thanks to the primary key), and the trusted contacts told on release.

CREATE TABLE check_ins (
    user_id          uuid        NOT NULL,
    enabled          boolean     NOT NULL,
    interval_seconds bigint,
    grace_seconds    bigint      NOT NULL,
    -- true while the account is paused or cancelled: no reminders, no release
    suspended        boolean     NOT NULL DEFAULT false,
    -- counts the deadlines; a check-in starts a new one, and reminder links name the one they belong to
    deadline_no      bigint      NOT NULL DEFAULT 0,
    last_check_in_at timestamptz,
    next_due_at      timestamptz,
    release_at       timestamptz,
    -- the next planned reminder of the current deadline not yet handled; null when none is left or
    -- the switch is off, suspended or released (so the due-reminder index only holds live work)
    next_reminder_at timestamptz,
    released_at      timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT check_ins_pk PRIMARY KEY (user_id),
    CONSTRAINT check_ins_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT check_ins_interval_ck CHECK (interval_seconds IS NULL OR interval_seconds > 0),
    CONSTRAINT check_ins_grace_ck CHECK (grace_seconds >= 0),
    CONSTRAINT check_ins_enabled_ck CHECK (NOT enabled OR (interval_seconds IS NOT NULL AND next_due_at IS NOT NULL
        AND release_at IS NOT NULL))
);
-- What the scanner looks for: cost follows what is due, not the number of accounts.
CREATE INDEX check_ins_reminder_due_idx ON check_ins (next_reminder_at) WHERE next_reminder_at IS NOT NULL;
CREATE INDEX check_ins_release_due_idx ON check_ins (release_at)
    WHERE enabled AND NOT suspended AND released_at IS NULL;

-- One row per reminder sent: the primary key is what makes a reminder go out once per
-- (account, deadline, offset) however many scanners run.
CREATE TABLE check_in_reminders (
    user_id        uuid        NOT NULL,
    deadline_no    bigint      NOT NULL,
    offset_seconds bigint      NOT NULL,
    planned_at     timestamptz NOT NULL,
    channel        varchar(8)  NOT NULL,
    sent_at        timestamptz NOT NULL,
    CONSTRAINT check_in_reminders_pk PRIMARY KEY (user_id, deadline_no, offset_seconds),
    CONSTRAINT check_in_reminders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT check_in_reminders_channel_ck CHECK (channel IN ('email', 'sms'))
);

CREATE TABLE trusted_contacts (
    id         uuid          NOT NULL,
    user_id    uuid          NOT NULL,
    name       varchar(100)  NOT NULL,
    email      varchar(254),
    phone      varchar(16),
    message    varchar(2000),
    created_at timestamptz   NOT NULL,
    CONSTRAINT trusted_contacts_pk PRIMARY KEY (id),
    CONSTRAINT trusted_contacts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT trusted_contacts_reachable_ck CHECK (email IS NOT NULL OR phone IS NOT NULL),
    CONSTRAINT trusted_contacts_phone_format_ck CHECK (phone IS NULL OR phone ~ '^\+[1-9][0-9]{1,14}$')
);
CREATE INDEX trusted_contacts_user_idx ON trusted_contacts (user_id, created_at);

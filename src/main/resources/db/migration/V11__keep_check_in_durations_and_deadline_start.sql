-- Durations are shown as the user gave them (P1DT1H stays P1DT1H), so the text is kept beside the
-- seconds the rules compute with. Rows from before keep NULL and are shown from their seconds.
ALTER TABLE check_ins ADD COLUMN interval_text varchar(40);
ALTER TABLE check_ins ADD COLUMN grace_text varchar(40);

-- The moment the current deadline started: no reminder of that deadline is planned before it.
ALTER TABLE check_ins ADD COLUMN deadline_started_at timestamptz;
UPDATE check_ins SET deadline_started_at = next_due_at - interval_seconds * interval '1 second'
    WHERE next_due_at IS NOT NULL AND interval_seconds IS NOT NULL;

-- A reminder passed over (it came due together with a later one of the same deadline while no
-- instance ran, and only the later one was sent) is kept as a row too, so every planned reminder
-- is either sent once or recorded as passed over, and none is planned again.
ALTER TABLE check_in_reminders ALTER COLUMN sent_at DROP NOT NULL;
ALTER TABLE check_in_reminders ADD COLUMN skipped_at timestamptz;
ALTER TABLE check_in_reminders ADD CONSTRAINT check_in_reminders_outcome_ck
    CHECK ((sent_at IS NULL) <> (skipped_at IS NULL));

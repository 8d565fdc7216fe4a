-- Jobs: work a request hands to the outbox so that it answers the same way, in the same time, whatever
-- the work will find (password and username recovery for unknown and known addresses alike).
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_ck;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_ck CHECK (kind IN ('mail', 'sms', 'webhook', 'job'));

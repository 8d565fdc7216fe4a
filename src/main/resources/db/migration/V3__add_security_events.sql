-- The audit trail: every security-relevant event, who did it (actor) to whom (user), from where.
-- No foreign key to users: the trail outlives the user it is about (user.deleted is an event too).
CREATE TABLE security_events (
    id         uuid         NOT NULL,
    type       varchar(32)  NOT NULL,
    user_id    uuid,
    actor_id   uuid,
    outcome    varchar(8)   NOT NULL,
    ip         varchar(45),
    user_agent varchar(512),
    detail     jsonb        NOT NULL DEFAULT '{}'::jsonb,
    at         timestamptz  NOT NULL,
    CONSTRAINT security_events_pk PRIMARY KEY (id),
    CONSTRAINT security_events_outcome_ck CHECK (outcome IN ('success', 'failure'))
);
CREATE INDEX security_events_user_at_idx ON security_events (user_id, at DESC);
CREATE INDEX security_events_type_at_idx ON security_events (type, at DESC);
CREATE INDEX security_events_at_idx ON security_events (at DESC);

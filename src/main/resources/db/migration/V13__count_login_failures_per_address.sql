-- Failed logins are counted per (account, client address), so nobody can lock an owner out from afar:
-- a lock blocks the address whose failures caused it. IPv6 clients are counted by their /64
-- ("2001:db8:1:2::/64"), IPv4 clients by their address.
--
-- failed_attempts: consecutive failures from this address since its last lock or its last completed
--                  login; the failure that reaches vigil.lockout.max-failures locks and starts it over.
-- lock_level:      locks of this address so far; each one lasts twice the one before (capped). A
--                  completed login from the address puts it back to 0.
-- locked_until:    the address's lock, kept after it ended until the lock-expiry job records its end.
-- last_failed_at:  the last counted failure; housekeeping removes rows idle longer than the longest
--                  lock and a day, so the table holds only addresses that failed lately.
CREATE TABLE login_failures (
    user_id         uuid        NOT NULL,
    address         varchar(64) NOT NULL,
    failed_attempts integer     NOT NULL DEFAULT 0,
    lock_level      integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    last_failed_at  timestamptz NOT NULL,
    CONSTRAINT login_failures_pk PRIMARY KEY (user_id, address),
    CONSTRAINT login_failures_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT login_failures_failed_attempts_ck CHECK (failed_attempts >= 0),
    CONSTRAINT login_failures_lock_level_ck CHECK (lock_level >= 0)
);
-- The lock-expiry job finds ended locks by this index, housekeeping finds idle rows by the other.
CREATE INDEX login_failures_locked_until_idx ON login_failures (locked_until) WHERE locked_until IS NOT NULL;
CREATE INDEX login_failures_last_failed_at_idx ON login_failures (last_failed_at);

-- The lockout columns of users now describe the account as a whole: failed_attempts counts failures
-- from every address together since the last completed login, password reset, unlock or account-wide
-- lock; locked_until is the account-wide lock (vigil.lockout.account-max-failures reached), which
-- blocks every address; lock_level counts account-wide locks. A lock in force at the upgrade was
-- caused by failures from anywhere, so it stays what it was: a lock for everyone, until it ends.
-- Its level counted locks of the old kind and starts over.
UPDATE users SET lock_level = 0 WHERE lock_level <> 0;
COMMENT ON COLUMN users.failed_attempts IS 'failed logins from all addresses since the last completed login, reset, unlock or account-wide lock';
COMMENT ON COLUMN users.locked_until IS 'account-wide lock: every address is refused until then';
COMMENT ON COLUMN users.lock_level IS 'account-wide locks since the last completed login';

-- Every lock mails the owner a one-time unlock link.
ALTER TABLE one_time_tokens DROP CONSTRAINT one_time_tokens_purpose_ck;
ALTER TABLE one_time_tokens ADD CONSTRAINT one_time_tokens_purpose_ck
    CHECK (purpose IN ('verify-email', 'reset-password', 'check-in', 'invite', 'undo-email-change', 'unlock'));

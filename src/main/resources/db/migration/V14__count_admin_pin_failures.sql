-- The admin PIN gets a failure counter of its own, apart from the login lockout: every attempt is
-- counted before the PIN is checked (so parallel guesses cannot slip past the limit), a right PIN
-- resets the count and the doubling, and the attempt that reaches the limit locks every PIN for
-- a while (doubling with each further lock, capped).

-- Attempts counted since the last right PIN or the last lock.
ALTER TABLE users ADD COLUMN admin_pin_failures integer NOT NULL DEFAULT 0;
-- How many locks in a row (without a right PIN between them); the next lock lasts 2^level times the first.
ALTER TABLE users ADD COLUMN admin_pin_lock_level integer NOT NULL DEFAULT 0;
-- Until when every PIN is refused; NULL or past when the PIN is usable.
ALTER TABLE users ADD COLUMN admin_pin_locked_until timestamptz;

ALTER TABLE users ADD CONSTRAINT users_admin_pin_failures_ck CHECK (admin_pin_failures >= 0);
ALTER TABLE users ADD CONSTRAINT users_admin_pin_lock_level_ck CHECK (admin_pin_lock_level >= 0);

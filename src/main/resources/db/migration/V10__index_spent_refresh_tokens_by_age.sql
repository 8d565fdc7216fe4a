-- Housekeeping forgets spent refresh tokens older than the refresh TTL; find them by age.
CREATE INDEX spent_refresh_tokens_spent_at_idx ON spent_refresh_tokens (spent_at);

-- Refresh reuse grace (vigil.tokens.refresh-reuse-grace): what the last rotation replaced and when,
-- so that presenting the just-spent token again shortly after answers the token that replaced it
-- instead of revoking the session. The current token is kept only masked with a key derived from
-- the spent one (which is stored as a hash alone), so reading the table does not reveal it.
ALTER TABLE sessions
    ADD COLUMN previous_refresh_token_hash bytea,
    ADD COLUMN rotated_at                  timestamptz,
    ADD COLUMN masked_refresh_token        bytea;

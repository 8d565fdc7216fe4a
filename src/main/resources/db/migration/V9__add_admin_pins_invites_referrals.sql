-- Admin tools: an optional PIN that guards an admin's writes on other users, invitations,
-- referral codes (each account gets its own; who referred whom is kept), and an index that lets
-- the admin user search match substrings without scanning every row.

-- Argon2id PHC string of the admin's PIN; NULL when none is set. Never shown by any endpoint.
ALTER TABLE users ADD COLUMN admin_pin_hash varchar(255);

-- Until now referral_code held whatever a new user typed at registration. It becomes the account's
-- own code; what was typed is kept in signup_referral_code.
ALTER TABLE accounts ADD COLUMN signup_referral_code varchar(64);
UPDATE accounts SET signup_referral_code = referral_code;
UPDATE accounts SET referral_code = upper(substr(md5(random()::text || id::text), 1, 10));
ALTER TABLE accounts ALTER COLUMN referral_code SET NOT NULL;
CREATE UNIQUE INDEX accounts_referral_code_uk ON accounts (referral_code);
ALTER TABLE accounts ADD COLUMN referred_by uuid;
ALTER TABLE accounts ADD CONSTRAINT accounts_referred_by_fk FOREIGN KEY (referred_by) REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX accounts_referred_by_idx ON accounts (referred_by) WHERE referred_by IS NOT NULL;

-- An invitation to register with one address. The mailed link's one-time token (purpose 'invite')
-- names the invitation; registering with it sets accepted_at.
CREATE TABLE invites (
    id               uuid         NOT NULL,
    email            varchar(254) NOT NULL,
    invited_by       uuid,
    created_at       timestamptz  NOT NULL,
    expires_at       timestamptz  NOT NULL,
    accepted_at      timestamptz,
    accepted_user_id uuid,
    CONSTRAINT invites_pk PRIMARY KEY (id),
    CONSTRAINT invites_invited_by_fk FOREIGN KEY (invited_by) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT invites_accepted_user_fk FOREIGN KEY (accepted_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT invites_email_format_ck CHECK (position('@' IN email) > 1),
    CONSTRAINT invites_expiry_ck CHECK (expires_at > created_at)
);
CREATE INDEX invites_email_idx ON invites (lower(email));

-- Bans end by themselves: the expiry job finds them by this index.
CREATE INDEX users_banned_until_idx ON users (banned_until) WHERE banned_until IS NOT NULL;

-- Admin search: q is a case-insensitive substring of username, email or display name. A trigram
-- GIN index serves ILIKE '%q%' when the pg_trgm extension can be created (it ships with PostgreSQL's
-- contrib, which the embedded server and the official images include); without it the search still
-- works, by a scan.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX users_search_trgm_idx ON users
        USING gin ((lower(username || ' ' || email || ' ' || coalesce(display_name, ''))) gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available; admin user search scans the users table';
END
$$;

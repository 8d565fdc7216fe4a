-- Signing keys rotate: a new key is published when it is created and signs only from activates_at,
-- when every instance and every JWKS cache knows it. Keys stored so far signed from their creation.
-- private_key holds, from this version on, the key sealed with vigil.secret-key (AES-256-GCM,
-- base64); start-up seals keys stored before, when a secret key is configured.
ALTER TABLE signing_keys ADD COLUMN activates_at timestamptz;
UPDATE signing_keys SET activates_at = created_at;
ALTER TABLE signing_keys ALTER COLUMN activates_at SET NOT NULL;

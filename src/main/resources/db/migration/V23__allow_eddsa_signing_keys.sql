-- Signing keys record their algorithm: ES256 (EC P-256) or EdDSA (Ed25519, RFC 8037), chosen for new
-- keys by vigil.tokens.signing-algorithm. Every key stored so far is ES256, which the column already
-- says; only the check widens.
ALTER TABLE signing_keys DROP CONSTRAINT signing_keys_algorithm_ck;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_algorithm_ck CHECK (algorithm IN ('ES256', 'EdDSA'));

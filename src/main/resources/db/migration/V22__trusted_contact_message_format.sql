-- A trusted contact's final message gets room for a sealed form: today every message is plain text,
-- written and read by Vigil. A later version may store it encrypted so that the operator cannot read
-- it; such a ciphertext (base64, plus the sealing's own header) is longer than the 2,000 characters
-- a plain message may have, so the column becomes unbounded text (the API still caps a plain message
-- at 2,000 characters), and message_format says which form a row holds. Only 'plain' exists yet:
-- the check constraint makes a row in any other form impossible until code that can read it exists.
ALTER TABLE trusted_contacts ALTER COLUMN message TYPE text;
ALTER TABLE trusted_contacts ADD COLUMN message_format varchar(16) NOT NULL DEFAULT 'plain';
ALTER TABLE trusted_contacts ADD CONSTRAINT trusted_contacts_message_format_ck CHECK (message_format IN ('plain'));

-- JWT signing key rotation: a new key is published (JWKS) before it signs. activates_at is when it starts signing;
-- retired_at is when it stops (its successor's activates_at); it leaves the JWKS once every token it signed has
-- expired (retired_at + the retention), and its row is then deleted.
ALTER TABLE sso_signing_key ADD COLUMN activates_at TIMESTAMPTZ;
UPDATE sso_signing_key SET activates_at = created_at;
ALTER TABLE sso_signing_key ALTER COLUMN activates_at SET NOT NULL;

-- Issue 15 (login integrity).
-- Point 6: by default the IdP may only sign in emails of the account's verified domains.
ALTER TABLE sso_connection ADD COLUMN allow_other_email_domains BOOLEAN NOT NULL DEFAULT FALSE;

-- Point 4: the SHA-256 of the session's presence cookie (SameSite=None, sent with the IdP's cross-site POST to
-- the ACS, where the Lax session cookie is not), so the ACS can see which live session a login would replace.
ALTER TABLE sso_session ADD COLUMN presence_hash VARCHAR(64);
CREATE INDEX sso_session_presence ON sso_session (presence_hash) WHERE presence_hash IS NOT NULL;

-- Point 4: a validated login that would replace a live session of another user or account, waiting for the
-- person's confirmation. Keyed by the SHA-256 of a one-time token; bound to the session it would replace.
CREATE TABLE sso_pending_switch (
    token_hash             VARCHAR(64)  PRIMARY KEY,
    replaces_session_hash  VARCHAR(64)  NOT NULL,
    account_id             VARCHAR(100) NOT NULL,
    email                  VARCHAR(320) NOT NULL,
    name_id                VARCHAR(256) NOT NULL,
    user_id                VARCHAR(100),
    role                   VARCHAR(20)  NOT NULL,
    first_name             VARCHAR(200),
    last_name              VARCHAR(200),
    idp_entity_id          VARCHAR(1024) NOT NULL,
    sp_initiated           BOOLEAN      NOT NULL,
    default_role           VARCHAR(20)  NOT NULL,
    return_path            VARCHAR(2048) NOT NULL,
    created_at             TIMESTAMPTZ  NOT NULL,
    expires_at             TIMESTAMPTZ  NOT NULL
);
CREATE INDEX sso_pending_switch_expiry ON sso_pending_switch (expires_at);

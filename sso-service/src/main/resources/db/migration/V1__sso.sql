-- sso-service schema. Every table is keyed or scoped by account; nothing is shared across accounts.

-- Accounts as announced by user-service (AccountUpserted); the plan gates SSO.
CREATE TABLE sso_account (
    account_id  VARCHAR(100) PRIMARY KEY,
    name        VARCHAR(300),
    plan        VARCHAR(20)  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);

-- One SAML connection per account.
CREATE TABLE sso_connection (
    account_id             VARCHAR(100) PRIMARY KEY,
    enabled                BOOLEAN      NOT NULL,
    idp_entity_id          VARCHAR(1024) NOT NULL,
    idp_sso_url            VARCHAR(2048) NOT NULL,
    default_role           VARCHAR(20)  NOT NULL,
    allow_idp_initiated    BOOLEAN      NOT NULL,
    clock_skew_seconds     INT          NOT NULL,
    authn_request_binding  VARCHAR(10)  NOT NULL,
    created_at             TIMESTAMPTZ  NOT NULL,
    updated_at             TIMESTAMPTZ  NOT NULL
);

-- IdP signing certificates (several during a rotation).
CREATE TABLE sso_certificate (
    id           BIGSERIAL PRIMARY KEY,
    account_id   VARCHAR(100) NOT NULL REFERENCES sso_connection (account_id) ON DELETE CASCADE,
    fingerprint  VARCHAR(64)  NOT NULL,
    pem          TEXT         NOT NULL,
    subject      VARCHAR(1000) NOT NULL,
    not_before   TIMESTAMPTZ  NOT NULL,
    not_after    TIMESTAMPTZ  NOT NULL,
    added_at     TIMESTAMPTZ  NOT NULL,
    UNIQUE (account_id, fingerprint)
);

-- Email domains; a domain is VERIFIED for at most one account.
CREATE TABLE sso_domain (
    id           BIGSERIAL PRIMARY KEY,
    account_id   VARCHAR(100) NOT NULL,
    domain       VARCHAR(253) NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    txt_value    VARCHAR(100) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    verified_at  TIMESTAMPTZ,
    UNIQUE (account_id, domain)
);
CREATE UNIQUE INDEX sso_domain_verified_once ON sso_domain (domain) WHERE status = 'VERIFIED';

-- AuthnRequests we sent: single use, short TTL. test_id marks a Test Connection.
CREATE TABLE sso_authn_request (
    id           VARCHAR(100) PRIMARY KEY,
    account_id   VARCHAR(100) NOT NULL,
    relay_key    VARCHAR(100),
    test_id      UUID,
    created_at   TIMESTAMPTZ  NOT NULL,
    expires_at   TIMESTAMPTZ  NOT NULL,
    consumed_at  TIMESTAMPTZ
);
CREATE INDEX sso_authn_request_expiry ON sso_authn_request (expires_at);

-- RelayState: an opaque key standing for a validated relative return path.
CREATE TABLE sso_relay_state (
    relay_key    VARCHAR(100) PRIMARY KEY,
    account_id   VARCHAR(100) NOT NULL,
    return_path  VARCHAR(1024) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    expires_at   TIMESTAMPTZ  NOT NULL
);

-- Replay cache shared by all replicas: (issuer, assertion id) until NotOnOrAfter + skew.
CREATE TABLE sso_replay (
    issuer        VARCHAR(1024) NOT NULL,
    assertion_id  VARCHAR(256)  NOT NULL,
    account_id    VARCHAR(100)  NOT NULL,
    expires_at    TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (issuer, assertion_id)
);
CREATE INDEX sso_replay_expiry ON sso_replay (expires_at);

-- Login sessions; only the SHA-256 of the opaque session id is stored.
CREATE TABLE sso_session (
    id_hash              VARCHAR(64)  PRIMARY KEY,
    account_id           VARCHAR(100) NOT NULL,
    email                VARCHAR(320) NOT NULL,
    user_id              VARCHAR(100),
    role                 VARCHAR(20)  NOT NULL,
    name_id              VARCHAR(256) NOT NULL,
    created_at           TIMESTAMPTZ  NOT NULL,
    last_seen_at         TIMESTAMPTZ  NOT NULL,
    idle_expires_at      TIMESTAMPTZ  NOT NULL,
    absolute_expires_at  TIMESTAMPTZ  NOT NULL,
    ended_at             TIMESTAMPTZ,
    ended_reason         VARCHAR(40)
);
CREATE INDEX sso_session_user ON sso_session (account_id, email);

-- Users as announced by user-service: id, role, revocation.
CREATE TABLE sso_user (
    account_id   VARCHAR(100) NOT NULL,
    user_id      VARCHAR(100) NOT NULL,
    email        VARCHAR(320) NOT NULL,
    role         VARCHAR(20),
    revoked      BOOLEAN      NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (account_id, user_id)
);
CREATE INDEX sso_user_email ON sso_user (account_id, email);

-- Test Connection runs and their reports (JSON).
CREATE TABLE sso_test_run (
    id            UUID         PRIMARY KEY,
    account_id    VARCHAR(100) NOT NULL,
    request_id    VARCHAR(100) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    completed_at  TIMESTAMPTZ,
    report        TEXT
);

-- RS256 keys for account JWTs; the private key is AES-GCM encrypted; retired keys stay in the JWKS.
CREATE TABLE sso_signing_key (
    kid                VARCHAR(64)  PRIMARY KEY,
    public_jwk         TEXT         NOT NULL,
    private_encrypted  TEXT         NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    retired_at         TIMESTAMPTZ
);

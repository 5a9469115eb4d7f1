-- Shared by every service: the transactional outbox and the processed-event log of idempotent consumers.
CREATE TABLE gh_outbox (
    id             BIGSERIAL PRIMARY KEY,
    event_id       UUID         NOT NULL UNIQUE,
    topic          VARCHAR(200) NOT NULL,
    event_key      VARCHAR(600) NOT NULL,
    event_type     VARCHAR(100) NOT NULL,
    schema_version INT          NOT NULL,
    occurred_at    TIMESTAMPTZ  NOT NULL,
    payload        TEXT         NOT NULL,
    trace_parent   VARCHAR(100),
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at        TIMESTAMPTZ
);
CREATE INDEX gh_outbox_unsent ON gh_outbox (id) WHERE sent_at IS NULL;
CREATE INDEX gh_outbox_sent_at ON gh_outbox (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE gh_processed_event (
    consumer     VARCHAR(200) NOT NULL,
    event_id     UUID         NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

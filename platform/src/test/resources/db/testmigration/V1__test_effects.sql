CREATE TABLE test_effect (
    event_id   UUID PRIMARY KEY,
    account_id VARCHAR(100) NOT NULL,
    applied    INT NOT NULL DEFAULT 1
);

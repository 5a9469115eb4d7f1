-- Directory connections: one per account.
create table directory_connection (
    account_id            varchar(128)     primary key,
    provider              varchar(32)      not null,
    api_base_url          varchar(2048)    not null,
    -- AES-GCM: version byte || 96-bit nonce || ciphertext+tag; associated data = account id
    api_key_ciphertext    bytea,
    org_id                varchar(128),
    application_id        varchar(128),
    group_role_mappings   text             not null,
    default_role          varchar(16)      not null,
    sync_interval_seconds integer          not null,
    brake_max_fraction    double precision not null,
    brake_min_count       integer          not null,
    scim_enabled          boolean          not null,
    scim_token_hash       varchar(64),
    -- bumped by every change of the member snapshot (sync apply, SCIM); a held plan is applied only on its version
    snapshot_version      bigint           not null default 0,
    next_sync_at          timestamp(6) with time zone,
    created_at            timestamp(6) with time zone not null,
    updated_at            timestamp(6) with time zone not null
);
create index directory_connection_due on directory_connection (next_sync_at) where sync_interval_seconds > 0;
create unique index directory_connection_scim_token on directory_connection (scim_token_hash);

-- The last known members WITH access, per account (a row exists = the member has access).
create table directory_member (
    account_id     varchar(128) not null,
    external_id    varchar(256) not null,
    email          varchar(512),
    first_name     varchar(512),
    last_name      varchar(512),
    groups_json    text         not null,
    role           varchar(16)  not null,
    role_from_group boolean     not null,
    source         varchar(16)  not null,
    updated_at     timestamp(6) with time zone not null,
    primary key (account_id, external_id)
);

-- Sync runs (scheduled, manual, dry runs) and their planned changes when held or dry.
create table sync_run (
    id                    uuid         primary key,
    account_id            varchar(128) not null,
    trigger_kind          varchar(16)  not null,
    status                varchar(16)  not null,
    granted               integer      not null,
    updated               integer      not null,
    revoked               integer      not null,
    unchanged             integer      not null,
    members_before        integer      not null,
    api_calls             integer      not null,
    started_at            timestamp(6) with time zone not null,
    finished_at           timestamp(6) with time zone,
    duration_ms           bigint,
    error                 text,
    base_snapshot_version bigint,
    plan_json             text,
    approved_at           timestamp(6) with time zone,
    approved_by           varchar(256)
);
create index sync_run_account on sync_run (account_id, started_at desc);

-- SCIM 2.0 resources pushed by JumpCloud's Identity Management.
create table scim_user (
    id            uuid          primary key,
    account_id    varchar(128)  not null,
    user_name     varchar(512)  not null,
    external_id   varchar(256),
    active        boolean       not null,
    resource_json text          not null,
    version       bigint        not null,
    created_at    timestamp(6) with time zone not null,
    updated_at    timestamp(6) with time zone not null
);
create unique index scim_user_name on scim_user (account_id, lower(user_name));
create index scim_user_external on scim_user (account_id, external_id);

create table scim_group (
    id            uuid          primary key,
    account_id    varchar(128)  not null,
    display_name  varchar(512)  not null,
    external_id   varchar(256),
    version       bigint        not null,
    created_at    timestamp(6) with time zone not null,
    updated_at    timestamp(6) with time zone not null
);
create index scim_group_account on scim_group (account_id, lower(display_name));

create table scim_group_member (
    group_id uuid not null references scim_group (id) on delete cascade,
    user_id  uuid not null references scim_user (id) on delete cascade,
    primary key (group_id, user_id)
);
create index scim_group_member_user on scim_group_member (user_id);

-- user-service schema: accounts, users (with the directory-mapped role kept apart from the manual override)
-- and the per-account audit trail. Platform tables (gh_outbox, gh_processed_event) come from db/platform.

create table account (
    id          varchar(63)  primary key,
    name        varchar(200) not null,
    plan        varchar(16)  not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

create table app_user (
    id                        uuid         primary key,
    account_id                varchar(63)  not null,
    email                     varchar(320) not null,
    first_name                varchar(200),
    last_name                 varchar(200),
    external_id               varchar(200),
    name_id                   varchar(500),
    -- effective role and why the user has it
    role                      varchar(16)  not null,
    role_provenance           varchar(16)  not null,
    -- role from the directory (GROUP_MAPPING or DEFAULT) or the SSO default at creation
    mapped_role               varchar(16)  not null,
    mapped_role_provenance    varchar(16)  not null,
    -- an admin's override, kept until cleared
    manual_role               varchar(16),
    groups                    jsonb        not null default '[]'::jsonb,
    status                    varchar(16)  not null,
    status_reason             varchar(32),
    status_changed_at         timestamptz,
    source                    varchar(16)  not null,
    created_at                timestamptz  not null,
    updated_at                timestamptz  not null,
    last_login_at             timestamptz,
    -- occurredAt of the last applied event per source, so an older event never undoes a newer one
    last_directory_event_at   timestamptz,
    last_login_event_at       timestamptz,
    -- occurredAt of the event that last set email case and names (newest wins across sources)
    profile_updated_at        timestamptz,
    constraint app_user_status_chk check (status in ('ACTIVE', 'REVOKED'))
);

create unique index app_user_account_email_uq on app_user (account_id, lower(email));
create index app_user_account_external_idx on app_user (account_id, external_id);

create sequence audit_entry_seq increment by 50;

create table audit_entry (
    id          bigint       primary key,
    account_id  varchar(63)  not null,
    user_id     uuid,
    type        varchar(32)  not null,
    actor       varchar(200) not null,
    event_id    uuid,
    reason      varchar(64),
    details     jsonb,
    at          timestamptz  not null
);

create index audit_entry_account_at_idx on audit_entry (account_id, at desc, id desc);

-- Member identity (ADR "member identity"): SCIM writes find a member's row by email (case-insensitive), and a
-- run reports the members whose SCIM-only key no JumpCloud user matches (kept, never revoked).
create index directory_member_email on directory_member (account_id, lower(email));

alter table sync_run add column unresolved integer not null default 0;
alter table sync_run add column unresolved_json text;

-- Sync progress (issue 16 point 6): a run records, as it goes, the JumpCloud list pages it has read, the
-- organisation's users it has compared (of the total JumpCloud announced) and the changes planned so far.
alter table sync_run add column pages_read integer not null default 0;
alter table sync_run add column members_seen integer not null default 0;
alter table sync_run add column members_total integer;
alter table sync_run add column changes_planned integer not null default 0;
alter table sync_run add column progress_at timestamp with time zone;

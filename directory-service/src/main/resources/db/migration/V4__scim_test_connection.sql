-- JumpCloud's Test Connection (issue 16 point 2): when its test user last reached the SCIM endpoint. The test user
-- never becomes a member; the directory page shows "JumpCloud tested the connection" with this time.
alter table directory_connection add column scim_tested_at timestamp with time zone;

-- The one role rule (RoleRule, ADR "role precedence"): manual override > group mapping > directory default >
-- SSO default. Each input is kept; role / role_provenance / mapped_role / mapped_role_provenance stay the results.
alter table app_user add column group_role varchar(16);
alter table app_user add column directory_default_role varchar(16);
alter table app_user add column sso_default_role varchar(16);
-- a SCIM event named groups for this user (group push on): from then on SCIM's "no groups" clears the mapping
alter table app_user add column scim_groups_seen boolean not null default false;
-- why the user has their role: MANUAL, GROUP_MAPPING, DIRECTORY_DEFAULT or SSO_DEFAULT
alter table app_user add column role_basis varchar(24);

update app_user set group_role = mapped_role where mapped_role_provenance = 'GROUP_MAPPING';
update app_user set directory_default_role = mapped_role
 where mapped_role_provenance = 'DEFAULT' and source in ('DIRECTORY', 'SCIM');
update app_user set sso_default_role = mapped_role
 where mapped_role_provenance = 'DEFAULT' and source not in ('DIRECTORY', 'SCIM');
update app_user set role_basis = case
    when manual_role is not null then 'MANUAL'
    when group_role is not null then 'GROUP_MAPPING'
    when directory_default_role is not null then 'DIRECTORY_DEFAULT'
    else 'SSO_DEFAULT' end;
alter table app_user alter column role_basis set not null;

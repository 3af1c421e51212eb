-- The audit log: every change made through the API (a non-GET request that succeeded or was refused
-- for want of identity or role), every login, refresh and logout, users and keys included. Who (a
-- user's name, or key:<prefix> for an API key; never a secret), their role, the action (method and
-- route template), the object (the path's ids, and what a creation made), the result (the status),
-- the client address, the request id and the time (the server's injected clock).
--
-- Append-only: the API has no route that changes or removes a row, and the table refuses UPDATE,
-- DELETE and TRUNCATE below (a trigger holds even for the table's owner and a superuser; privileges
-- are revoked as well, for roles that are neither). Keeping it small is an operator's job: a
-- database administrator drops the triggers for an archive-and-delete, in the open.

create table audit_log (
  seq         bigint generated always as identity primary key,
  at          timestamptz not null,
  actor       text,                              -- null: no identity (refused 401, or an unnamed open request)
  actor_kind  text not null check (actor_kind in ('user', 'api_key', 'anonymous')),
  role        text check (role in ('admin', 'data_scientist', 'analyst', 'service')),
  action      text not null,                     -- "POST /ml/models/{id}/deploy"
  object      jsonb not null default '{}',       -- {"id": "..."}; "created": the Location of what it made
  result      smallint not null,                 -- the HTTP status answered
  address     text not null,                     -- the client's address as the server saw it
  request_id  text
);
create index audit_log_at_idx on audit_log (at desc, seq desc);
create index audit_log_actor_idx on audit_log (lower(actor), at desc);
create index audit_log_action_idx on audit_log (action, at desc);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_no_update_or_delete before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();

revoke update, delete, truncate on audit_log from public;
revoke update, delete, truncate on audit_log from current_user;  -- the owner (Vigil's own user) too

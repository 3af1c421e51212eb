-- Several instances on one database (issue 23).
--
-- Live events published on one instance reach the clients of the others through NOTIFY
-- vigil_events. A payload must stay under PostgreSQL's 8000 bytes: an event too large for one is
-- stored here and its id notified instead; the listeners read it back. Rows are kept a few minutes
-- (a listener reads it within milliseconds) and pruned by the instances that relay.
create table relayed_events (
    id      bigserial   primary key,
    origin  uuid        not null,
    event   jsonb       not null,
    at      timestamptz not null default now()
);
create index relayed_events_at on relayed_events (at);

-- Failed logins per user name and per client address, shared by every instance, so a guesser gets
-- the same number of tries however many instances the load balancer spreads it over. One row per
-- key and window: the window starts at the first failure and lasts auth.loginLockoutSeconds.
create table login_failures (
    key           text        primary key,
    window_start  timestamptz not null,
    failures      integer     not null check (failures > 0)
);
create index login_failures_window_start on login_failures (window_start);

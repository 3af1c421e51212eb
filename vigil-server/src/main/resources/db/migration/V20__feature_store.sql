-- The feature store (issue 21): named, versioned feature definitions (a version is never changed:
-- a change is the next version), and the raw events posted to a definition's live stream, kept for
-- its longest window so an instance that starts rebuilds its online values from them.
create table feature_definitions (
  name text not null,
  version int not null check (version >= 1),
  description text,
  source jsonb not null,
  spec jsonb not null,
  ranges jsonb not null default '{}',
  stale_after_seconds bigint not null check (stale_after_seconds > 0),
  baselines jsonb,
  created_by text not null,
  created_at timestamptz not null,
  primary key (name, version)
);

create table feature_events (
  name text not null,
  at timestamptz not null,
  event jsonb not null,
  received_at timestamptz not null
);
create index feature_events_name_at on feature_events (name, at);

-- Security events from every source (issue 22): a verdict of a deployed model above its type's
-- threshold ('prediction'), a fast rule that fired ('rule'), an asset's anomaly ('anomaly'), a
-- monitoring alert ('alert'), and detections scored elsewhere and posted to Vigil ('external').
alter table security_events drop constraint security_events_kind_check;
alter table security_events add constraint security_events_kind_check
  check (kind in ('anomaly', 'prediction', 'rule', 'alert', 'external'));
alter table security_events
  add column model_type text,
  add column ml_score double precision,    -- the model's threat score, 0..1
  add column rule_score double precision,  -- the highest threat of the rules that fired (0: none); null: no rule set
  add column divergence text check (divergence in ('rules_only', 'ml_only')),
  add column rules_fired text[] not null default '{}',
  add column verdict jsonb,                -- the whole verdict: label, confidence, scores, threshold, explanation
  add column input jsonb,                  -- the raw input
  add column source text,                  -- who reported an external event
  add column incident_id uuid;
create index security_events_type on security_events (model_type, started_at desc);
create index security_events_divergent on security_events (started_at desc) where divergence is not null;
create index security_events_rules on security_events using gin (rules_fired);
create index security_events_incident on security_events (incident_id, started_at);
create index security_events_source_host on security_events (source_host, started_at desc);

-- Related events grouped by entity and time: an event joins the entity's unresolved incident whose
-- span, widened by the grouping window on both sides, holds its time; otherwise it starts one.
create table incidents (
  id uuid primary key,
  title text not null,
  status text not null check (status in ('open', 'acknowledged', 'resolved', 'false_positive')),
  severity text not null check (severity in ('info', 'warning', 'critical')),
  entity_kind text not null check (entity_kind in ('source_host', 'destination_host', 'asset', 'user')),
  entity text not null,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  event_count int not null,
  max_score double precision not null,
  model_types text[] not null default '{}',
  assignee text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz
);
create index incidents_entity on incidents (entity_kind, entity, last_seen_at desc);
create index incidents_recent on incidents (last_seen_at desc);
create index incidents_status on incidents (status, last_seen_at desc);

-- What happened to an incident: created, status and assignee changes, notes; by whom.
create table incident_activity (
  id uuid primary key,
  seq bigserial,                -- the order of changes made in the same instant
  incident_id uuid not null references incidents (id) on delete cascade,
  at timestamptz not null,
  actor text not null,
  action text not null check (action in ('created', 'status', 'assignee', 'note')),
  from_value text,
  to_value text,
  note text
);
create index incident_activity_incident on incident_activity (incident_id, at, seq);

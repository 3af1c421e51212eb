-- Health and alerts (issue 19): alert rules, the alerts they raise, each deployed model's last
-- health, and the periodic monitoring tasks that one instance at a time claims.

-- What raises an alert. A rule watches one model (model_id, or model_name for a rule of the
-- configuration, which names models before they exist) or every deployed model (both null).
-- source 'config': from alerts.rules in vigil.yaml, rewritten at each start, never changed through the API.
create table alert_rules (
  id uuid primary key,
  name text not null unique,
  kind text not null,                        -- drift_share | accuracy_drop | error_rate | latency_p99 | class_mix_shift | threat_prediction
  model_id uuid references models (id) on delete cascade,
  model_name text,
  settings jsonb not null,                   -- threshold, floor, classes, baseline, window, minSamples, cooldown
  severity text not null check (severity in ('info', 'warning', 'critical')),
  channels uuid[] not null default '{}',
  enabled boolean not null,
  description text,
  source text not null check (source in ('api', 'config')),
  created_by text not null,
  created_at timestamptz not null,
  updated_by text not null,
  updated_at timestamptz not null
);

-- One incident: while it is open (firing or acknowledged) a rule's new firings for the same model
-- add to its count; once resolved, the rule's cool-down passes before a new one. No foreign key
-- to the model, like the prediction log: an alert is history and outlives it. A deleted rule's
-- alerts keep its name.
create table alerts (
  id uuid primary key,
  rule_id uuid references alert_rules (id) on delete set null,
  rule_name text not null,
  kind text not null,
  severity text not null,
  model_id uuid,                             -- null for a rule of the whole server (error_rate)
  model_name text,
  version int,
  state text not null check (state in ('firing', 'acknowledged', 'resolved')),
  summary text not null,
  details jsonb not null,
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  occurrences bigint not null,
  acknowledged_by text,
  acknowledged_at timestamptz,
  resolved_by text,
  resolved_at timestamptz,
  resolution text
);
-- at most one open alert per rule and model: the de-duplication's guard between instances
create unique index alerts_open on alerts (rule_id, coalesce(model_id, '00000000-0000-0000-0000-000000000000'))
  where state <> 'resolved';
create index alerts_last_seen on alerts (last_seen desc);
create index alerts_model on alerts (model_id, last_seen desc);
create index alerts_rule_resolved on alerts (rule_id, model_id, resolved_at desc) where state = 'resolved';

-- Each deployed model's health as last evaluated: a change is published as an event once.
create table model_health (
  model_id uuid primary key references models (id) on delete cascade,
  version int not null,
  status text not null,
  checked_at timestamptz not null,
  changed_at timestamptz not null
);

-- The periodic tasks of monitoring (rule evaluation, drift): the instance that moves due_at on
-- runs the round, so instances sharing the database evaluate each rule once a round.
create table monitoring_schedule (
  task text primary key,
  due_at timestamptz not null,
  claimed_by text,
  claimed_at timestamptz
);

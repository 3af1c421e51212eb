-- The per-asset anomaly service (issue 21): asset metrics, each asset's settings and state, the
-- stored anomaly scores, and security events (the anomalies; issue 22 adds the other sources).

-- Metrics as sent (POST /ml/assets/{id}/metrics): partitioned by day (UTC) on "at", like the
-- prediction log (persistence/DayPartitions), so retention drops whole days. A point sent again
-- (same asset, metric and time) replaces the value: the key makes re-sending a batch harmless.
create table asset_metrics (
  asset_id text not null,
  metric text not null,
  at timestamptz not null,
  value double precision not null,
  primary key (asset_id, metric, at)
) partition by range (at);
create table asset_metrics_default partition of asset_metrics default;
do $$
declare
  d date;
begin
  for d in select (now() at time zone 'UTC')::date + n from generate_series(0, 2) n loop
    execute format('create table %I partition of asset_metrics for values from (%L) to (%L)',
                   'asset_metrics_' || to_char(d, 'YYYYMMDD'),
                   to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
  end loop;
end
$$;

-- Every asset that has sent metrics: its latest values (one jsonb object metric -> {value, at}, so
-- GET /ml/assets is one read), its own anomaly threshold (null: the configured default), the
-- detector trained for it, and its anomaly state (the latest score).
create table assets (
  asset_id text primary key,
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  latest jsonb not null default '{}',
  threshold double precision check (threshold > 0 and threshold < 1),
  model_id uuid references models (id) on delete set null,
  last_score double precision,
  last_method text,
  last_scored_at timestamptz,
  anomalous boolean not null default false
);

-- Each point scored by POST /ml/anomaly/detect (GET /ml/anomaly/scores/{id}). drivers: the metrics
-- and features that drove the score, largest first.
create table anomaly_scores (
  asset_id text not null,
  at timestamptz not null,
  score double precision not null,
  threshold double precision not null,
  is_anomaly boolean not null,
  method text not null check (method in ('model', 'statistical')),
  model_id uuid,
  version int,
  drivers jsonb not null default '[]',
  scored_at timestamptz not null
);
create index anomaly_scores_asset_at on anomaly_scores (asset_id, at);

-- Security events (GET /ml/events). An anomaly event spans the run of anomalous points of one asset:
-- it opens at the first, is extended by each next one closer than the gap, and ends at the last
-- (ended_at set) once a point is scored normal after the gap or a later anomaly starts a new run.
-- The partial unique index keeps one open anomaly event per asset whatever the instances do.
create table security_events (
  id uuid primary key,
  kind text not null check (kind in ('anomaly')),
  severity text not null check (severity in ('info', 'warning', 'critical')),
  title text not null,
  asset_id text,
  source_host text,
  destination_host text,
  user_name text,
  score double precision not null,
  method text,
  model_id uuid,
  version int,
  started_at timestamptz not null,
  last_seen_at timestamptz not null,
  ended_at timestamptz,
  points int not null default 1,
  details jsonb not null default '{}',
  created_at timestamptz not null
);
create unique index security_events_one_open_anomaly on security_events (asset_id) where kind = 'anomaly' and ended_at is null;
create index security_events_started on security_events (started_at desc);
create index security_events_asset on security_events (asset_id, started_at desc);

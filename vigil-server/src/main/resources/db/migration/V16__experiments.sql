-- A/B tests and shadow models (issue 19): a challenger version against the deployed champion of a
-- detection slot (modelType). The request path routes by a cached copy of the running ones; the
-- figures come from feedback; decisions are taken by one instance at a time (an advisory lock).
create table experiments (
  id                  uuid primary key,
  name                text not null,
  model_type          text not null,
  champion_model_id   uuid not null,
  champion_version    int not null,
  challenger_model_id uuid not null,
  challenger_version  int not null,
  mode                text not null check (mode in ('ab', 'shadow')),
  split               double precision not null check (split > 0 and split <= 1), -- ab: the challenger's share; shadow: the share copied
  sticky_key          text,                   -- a field of the record, or header:<Name>; null: random per request
  primary_metric      text not null check (primary_metric in ('accuracy', 'precision', 'recall', 'f1')),
  positive_class      text,                   -- the attack class precision, recall and f1 are of; null: every class but normal_class
  normal_class        text,
  min_samples         int not null check (min_samples >= 1),
  alpha               double precision not null check (alpha > 0 and alpha < 0.5),
  auto_promote        boolean not null,
  auto_stop           boolean not null,
  max_duration_seconds bigint check (max_duration_seconds > 0),
  status              text not null check (status in ('running', 'promoted', 'stopped', 'inconclusive')),
  looks               int not null default 0,  -- significance tests taken so far (each at twice the samples of the last)
  started_at          timestamptz not null,
  started_by          text not null,
  ended_at            timestamptz,
  ended_by            text,
  end_reason          text,
  decision            jsonb                    -- the figures the experiment ended on
);
-- one running experiment per detection slot: a second one is refused (409), even by another instance
create unique index experiments_one_running on experiments (model_type) where status = 'running';
create index experiments_started on experiments (started_at desc);

-- Shadow comparisons counted in memory by each instance (the challenger scored the very row the
-- champion answered) and added here on every evaluation: counts add, never set, so instances add up.
create table experiment_shadow_counts (
  experiment_id uuid primary key references experiments (id) on delete cascade,
  compared bigint not null,  -- rows both versions scored
  agreed   bigint not null,  -- of those, rows where they predicted the same label
  dropped  bigint not null,  -- copies left out: the shadow queue was full
  failed   bigint not null   -- copies the challenger could not score (a record it refuses)
);

-- Which experiment and arm made each prediction, in the prediction log and in its feedback, so the
-- figures of an arm are those of its own traffic (not of other calls to the same version). A shadow
-- prediction names the champion's prediction it copies (shadow_of; row k of a row copies id + k).
-- Nullable columns with no default: adding them rewrites no row.
alter table prediction_batches add column experiment_id uuid;
alter table prediction_batches add column arm text check (arm in ('champion', 'challenger', 'shadow'));
alter table prediction_batches add column shadow_of uuid;
create index prediction_batches_shadow_of on prediction_batches (shadow_of) where shadow_of is not null;

alter table prediction_feedback add column experiment_id uuid;
alter table prediction_feedback add column arm text;
create index prediction_feedback_experiment on prediction_feedback (experiment_id, arm) where experiment_id is not null;

-- decisions Vigil takes itself (an experiment promoted or stopped by its rules) are audited as "vigil", a system actor
alter table audit_log drop constraint if exists audit_log_actor_kind_check;
alter table audit_log add constraint audit_log_actor_kind_check check (actor_kind in ('user', 'api_key', 'anonymous', 'system'));

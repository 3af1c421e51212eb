-- Monitoring the predictions served (issue 19): ground truth sent back for them, per-minute
-- aggregates of what was predicted, and how long each model's predictions are kept.

-- The true label of a recorded prediction (POST /ml/feedback), joined to it when it arrives: what
-- live accuracy, precision, recall, F1 and ROC AUC are computed from. One row per prediction: later
-- feedback replaces earlier. No foreign key, like the prediction log: it outlives a deleted model.
create table prediction_feedback (
  prediction_id uuid primary key,
  model_id uuid not null,
  version int not null,
  predicted_at timestamptz not null,       -- when the prediction was made: windows and retention go by it
  predicted_label text not null,
  actual_label text not null,              -- a class of the version (for detectors: normal or anomaly)
  confidence real not null,
  probabilities real[] not null,           -- per class, in the version's class order: the scores ROC AUC ranks
  anomaly_score real,                      -- detectors only
  received_at timestamptz not null,
  sent_by text not null                    -- the caller's name (a user, or key:<prefix>)
);
create index prediction_feedback_model_at on prediction_feedback (model_id, version, predicted_at);
create index prediction_feedback_at on prediction_feedback using brin (predicted_at);

-- What each model version predicted, minute by minute, counted in memory off the request path and
-- added here every minute by each instance (insert ... on conflict add): volume, confidence and
-- latency histograms. Fixed bins (monitoring/live/Histograms), so rows of instances add up.
create table prediction_minutes (
  model_id uuid not null,
  version int not null,
  minute timestamptz not null,
  requests bigint not null,                -- scoring calls recorded: a single prediction, or a whole batch
  predictions bigint not null,             -- predictions recorded
  unrecorded bigint not null,              -- predictions the log left out under overload (sampled, or a full queue)
  confidence_bins bigint[] not null,       -- 10 bins of the predicted label's probability: [0, 0.1), ... [0.9, 1]
  latency_bins bigint[] not null,          -- server time per prediction, log-spaced bins (Histograms.LATENCY_BOUNDS_NANOS)
  primary key (model_id, version, minute)
);
create index prediction_minutes_minute on prediction_minutes (minute);

create table prediction_minute_classes (
  model_id uuid not null,
  version int not null,
  minute timestamptz not null,
  label text not null,
  predictions bigint not null,
  primary key (model_id, version, minute, label)
);
create index prediction_minute_classes_minute on prediction_minute_classes (minute);

-- A model's own retention of its predictions, feedback and aggregates; without a row, the global
-- monitoring.retentionDays applies.
create table model_retention (
  model_id uuid primary key references models (id) on delete cascade,
  days int not null check (days between 1 and 365),
  updated_at timestamptz not null,
  updated_by text not null
);

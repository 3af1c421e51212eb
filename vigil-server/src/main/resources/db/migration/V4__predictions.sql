-- Every prediction served, for monitoring (drift, feedback). Written in batches by a background
-- writer; no foreign key: the record outlives a deleted model and never blocks a delete.
create table predictions (
  id uuid primary key,
  at timestamptz not null,
  model_id uuid not null,
  version int not null,
  features jsonb not null,
  output jsonb not null                     -- label, probabilities, confidence, anomalyScore/anomaly
);
create index predictions_model_at on predictions (model_id, version, at);
create index predictions_at on predictions (at);

-- The prediction log, compact: one row per prediction written by binary COPY, inputs as arrays in
-- the model version's input order (its bundle names them), no JSON to build or parse. About ten
-- times less work for PostgreSQL per prediction than the jsonb rows of V4, which stay readable in
-- predictions_v4.
alter table predictions rename to predictions_v4;
alter index predictions_pkey rename to predictions_v4_pkey;
alter index predictions_model_at rename to predictions_v4_model_at;
alter index predictions_at rename to predictions_v4_at;

create table predictions (
  id uuid primary key,                      -- time-ordered (UUID version 7): inserts append to the index
  at timestamptz not null,
  model_id uuid not null,
  version int not null,
  numbers real[] not null,                  -- the numeric inputs, in input order; NaN where missing
  categories text[] not null,               -- the categorical inputs, in input order; null where missing
  label text not null,
  confidence real not null,                 -- probability of the predicted label
  probabilities real[] not null,            -- per class, in the version's class order
  anomaly_score real                        -- detectors only
);
create index predictions_model_at on predictions (model_id, version, at);
create index predictions_at on predictions using brin (at);

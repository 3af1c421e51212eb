-- Batches in the prediction log: one row per scored batch, not one per prediction. Its inputs and
-- outputs are arrays, row after row; PostgreSQL stores a 1,000-row batch as one tuple with its
-- arrays out of line, far less work than 1,000 tuples and their index entries.
create table prediction_batches (
  id uuid primary key,              -- the first prediction's id; prediction k has k in the id's last 16 bits
  at timestamptz not null,
  model_id uuid not null,
  version int not null,
  size int not null check (size between 1 and 65536),
  numbers real[] not null,          -- size x numeric inputs, row by row, in input order; NaN where missing
  categories text[] not null,       -- size x categorical inputs, likewise; null where missing
  labels text[] not null,
  confidences real[] not null,      -- probability of each predicted label
  probabilities real[] not null,    -- size x classes, in the version's class order
  anomaly_scores real[]             -- detectors only
);
-- out of line without compression: floats barely compress, and the compressor cost PostgreSQL
-- more CPU than the rest of a batch's text arrays
alter table prediction_batches alter column numbers set storage external;
alter table prediction_batches alter column categories set storage external;
alter table prediction_batches alter column labels set storage external;
alter table prediction_batches alter column confidences set storage external;
alter table prediction_batches alter column probabilities set storage external;
alter table prediction_batches alter column anomaly_scores set storage external;
create index prediction_batches_model_at on prediction_batches (model_id, version, at);
create index prediction_batches_at on prediction_batches using brin (at);

-- Every prediction, one row each, however it was logged: what monitoring reads. To find one
-- prediction by id, look in predictions, then in prediction_batches under the id whose last four
-- hex digits are zero (this view cannot use that index for a batch row's id).
create view prediction_log as
  select id, at, model_id, version, numbers, categories, label, confidence, probabilities, anomaly_score
  from predictions
  union all
  select overlay(b.id::text placing lpad(to_hex(k), 4, '0') from 33 for 4)::uuid,
         b.at, b.model_id, b.version,
         b.numbers[k * (cardinality(b.numbers) / b.size) + 1 : (k + 1) * (cardinality(b.numbers) / b.size)],
         b.categories[k * (cardinality(b.categories) / b.size) + 1 : (k + 1) * (cardinality(b.categories) / b.size)],
         b.labels[k + 1],
         b.confidences[k + 1],
         b.probabilities[k * (cardinality(b.probabilities) / b.size) + 1 : (k + 1) * (cardinality(b.probabilities) / b.size)],
         b.anomaly_scores[k + 1]
  from prediction_batches b, generate_series(0, b.size - 1) k;

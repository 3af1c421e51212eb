-- Single predictions are now logged like batches: the ones one model version makes in the same
-- millisecond have consecutive ids, and each run of them is one row of prediction_batches. A run
-- may start anywhere in its block of ids, so prediction k of a row has the row's id plus k (no
-- longer the row's id with k in its last 16 bits, which only held for rows starting at 0).
-- To find one prediction by id: the prediction_batches row with the greatest id <= it that shares
-- all but its last 16 bits, if that row's size reaches it (the primary key serves this directly);
-- rows written before this version may be in predictions.
create or replace view prediction_log as
  select id, at, model_id, version, numbers, categories, label, confidence, probabilities, anomaly_score
  from predictions
  union all
  select overlay(b.id::text placing lpad(to_hex(('x' || right(b.id::text, 4))::bit(16)::int + k), 4, '0') from 33 for 4)::uuid,
         b.at, b.model_id, b.version,
         b.numbers[k * (cardinality(b.numbers) / b.size) + 1 : (k + 1) * (cardinality(b.numbers) / b.size)],
         b.categories[k * (cardinality(b.categories) / b.size) + 1 : (k + 1) * (cardinality(b.categories) / b.size)],
         b.labels[k + 1],
         b.confidences[k + 1],
         b.probabilities[k * (cardinality(b.probabilities) / b.size) + 1 : (k + 1) * (cardinality(b.probabilities) / b.size)],
         b.anomaly_scores[k + 1]
  from prediction_batches b, generate_series(0, b.size - 1) k;

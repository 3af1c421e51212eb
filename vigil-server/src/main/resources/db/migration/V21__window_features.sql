-- Per-entity window features (issue 21). A model may define them (its spec, the JSON of the
-- engine's WindowSpec); serving computes them from each prediction's raw event and keeps each
-- version's per-entity state in memory, restored after a restart from the raw events the
-- prediction log recorded here: per prediction its entity key (the key columns joined by U+001F,
-- null for none), its event time (epoch seconds) and its value columns (size x values, row by row,
-- in the spec's order; NaN where missing). Null for models without window features. Exact doubles:
-- a restored state answers what the live one did.
alter table models add column windows jsonb;
alter table prediction_batches add column event_keys text[];
alter table prediction_batches add column event_times float8[];
alter table prediction_batches add column event_values float8[];
-- out of line without compression, as the other arrays (V7, V12)
alter table prediction_batches alter column event_keys set storage external;
alter table prediction_batches alter column event_times set storage external;
alter table prediction_batches alter column event_values set storage external;

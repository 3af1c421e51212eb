-- The prediction log partitioned by day (UTC) on "at", so retention drops whole days
-- (monitoring/retention/PredictionPartitions) instead of deleting rows one by one. Partitions are
-- named prediction_batches_YYYYMMDD and made ahead by the maintenance task on every instance; the
-- default partition takes a row no day partition covers yet, so an insert never fails (the task
-- moves such rows into their day's partition when it makes it).
create temporary table saved_prediction_log as select pg_get_viewdef('prediction_log'::regclass) as definition;
drop view prediction_log;
alter table prediction_batches rename to prediction_batches_unpartitioned;
alter index prediction_batches_pkey rename to prediction_batches_unpartitioned_pkey;
alter index prediction_batches_model_at rename to prediction_batches_unpartitioned_model_at;
alter index prediction_batches_at rename to prediction_batches_unpartitioned_at;

create table prediction_batches (
  id uuid not null,                 -- the first prediction's id; prediction k of the row has the id plus k (V8)
  at timestamptz not null,
  model_id uuid not null,
  version int not null,
  size int not null check (size between 1 and 65536),
  numbers real[] not null,
  categories text[] not null,
  labels text[] not null,
  confidences real[] not null,
  probabilities real[] not null,
  anomaly_scores real[],
  -- a partitioned table's key must hold its partition column. The id leads, so V8's lookup (the
  -- greatest id <= a prediction's id within its block) is still one index probe per partition; a
  -- caller that bounds "at" (an id tells its time to the millisecond) probes one partition only
  primary key (id, at)
) partition by range (at);
-- as in V7: the arrays out of line without compression (partitions take their parent's column storage)
do $$
declare
  c text;
begin
  foreach c in array array['numbers', 'categories', 'labels', 'confidences', 'probabilities', 'anomaly_scores'] loop
    execute format('alter table prediction_batches alter column %I set storage external', c);
  end loop;
end
$$;
create index prediction_batches_model_at on prediction_batches (model_id, version, at);
create index prediction_batches_at on prediction_batches using brin (at);
create table prediction_batches_default partition of prediction_batches default;

-- a partition for every day that has rows, and for today and the next two days
do $$
declare
  d date;
begin
  for d in
    select distinct (at at time zone 'UTC')::date from prediction_batches_unpartitioned
    union
    select (now() at time zone 'UTC')::date + n from generate_series(0, 2) n
  loop
    execute format('create table %I partition of prediction_batches for values from (%L) to (%L)',
                   'prediction_batches_' || to_char(d, 'YYYYMMDD'),
                   to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
  end loop;
end
$$;

insert into prediction_batches select * from prediction_batches_unpartitioned;

-- V8's view, as it stands, over the partitioned table (a view is bound to the table it was made on)
do $$
begin
  execute 'create view prediction_log as ' || (select definition from saved_prediction_log);
end
$$;
drop table saved_prediction_log;

drop table prediction_batches_unpartitioned;

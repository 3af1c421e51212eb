-- A model may declare the prediction cache useless for it (e.g. every event is unique).
alter table models add column prediction_cache boolean not null default true;

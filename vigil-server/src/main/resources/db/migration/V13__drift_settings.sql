-- Each model's own drift settings (GET/PUT /ml/models/{id}/drift/settings): methods, thresholds,
-- per-input rules, the share of drifted inputs that makes the dataset drifted, the fewest live rows
-- for a verdict. What a model does not set comes from the server's drift.* settings. Gone with the model.
create table model_drift_settings (
  model_id uuid primary key references models (id) on delete cascade,
  settings jsonb not null,
  updated_by text,
  updated_at timestamptz not null
);

-- The model registry: definitions, immutable trained versions, and the deployment history.
create table models (
  id uuid primary key,
  name text not null unique,
  model_type text not null,                 -- the detection slot it serves: intrusion, fraud, host-anomaly ...
  algorithm text not null,
  hyperparameters jsonb not null default '{}',
  features jsonb,                           -- input columns; null = every column but the target and dropped ones
  drop_columns jsonb not null default '[]',
  target_variable text,
  binarize jsonb,                           -- {"negativeClass": "normal", "positiveClass": "attack"} or null
  description text,
  tags jsonb not null default '[]',
  status text not null,
  owner text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index models_type on models (model_type);
create index models_status on models (status);

create table model_versions (
  model_id uuid not null references models (id) on delete cascade,
  version int not null,
  status text not null,                     -- trained | validated | deployed | retired
  bundle_key text not null,
  bundle_sha256 char(64) not null,
  bundle_size bigint not null,
  metrics jsonb not null,
  artifacts jsonb not null,
  provenance jsonb not null,
  parameters jsonb not null,                -- the training request: dataset, split, hyperparameters, seed
  dataset_id uuid,
  dataset_sha256 char(64),
  job_id uuid,
  validation jsonb,                         -- the latest validation report
  created_by text,
  created_at timestamptz not null,
  primary key (model_id, version)
);
create index model_versions_bundle on model_versions (bundle_key);

create table deployments (
  id bigserial primary key,
  model_type text not null,
  model_id uuid not null references models (id) on delete cascade,
  version int not null,
  action text not null,                     -- deploy | rollback
  active boolean not null,
  previous_model_id uuid,
  previous_version int,
  created_by text,
  created_at timestamptz not null,
  ended_at timestamptz
);
-- exactly one active deployment per detection slot
create unique index deployments_one_active on deployments (model_type) where active;
create index deployments_model on deployments (model_id, created_at);

-- Retraining (issue 19): each model's retraining policy, and every trigger with its reason, the
-- training job it queued and what was decided when the job ended.

-- A model's policy (GET/PUT /ml/models/{id}/retraining). schedule_from: the schedule's slots after
-- this instant fire (set when a schedule is set, then to each slot claimed), so a new schedule never
-- fires for a slot before it existed and each slot fires once. last_triggered_at: the cool-down runs
-- from here; a trigger claims it with a conditional update, so two instances never both fire.
create table retraining_policies (
  model_id uuid primary key references models (id) on delete cascade,
  policy jsonb not null,
  enabled boolean not null,
  schedule_from timestamptz not null,
  last_triggered_at timestamptz,
  updated_by text not null,
  updated_at timestamptz not null
);

-- Every trigger (GET /ml/models/{id}/retraining/history): why (reason, the observed value and the
-- threshold it crossed), what it trained on, its job, and the outcome once the job ended and the new
-- version was compared with the champion (comparison: the figures of both on the same rows).
create table retraining_triggers (
  id uuid primary key,
  model_id uuid not null references models (id) on delete cascade,
  reason text not null check (reason in ('drift', 'accuracy', 'schedule', 'manual')),
  observed double precision,
  threshold double precision,
  detail jsonb not null default '{}',
  triggered_at timestamptz not null,
  triggered_by text not null,
  champion_version int not null,
  promotion text not null,
  job_id uuid,
  base_dataset_id uuid,
  feedback_dataset_id uuid,
  training_dataset_id uuid,
  feedback_rows int not null default 0,
  feedback_until timestamptz,
  outcome text not null check (outcome in ('training', 'deciding', 'promoted', 'kept_champion', 'challenger', 'registered',
                                           'failed', 'not_started')),
  outcome_detail text,
  new_version int,
  comparison jsonb,
  claimed_at timestamptz,
  decided_at timestamptz
);
create index retraining_triggers_model_at on retraining_triggers (model_id, triggered_at desc);
create index retraining_triggers_job on retraining_triggers (job_id);
create index retraining_triggers_open on retraining_triggers (outcome) where outcome in ('training', 'deciding');

-- Vigil itself acts too (a trigger, a promotion): its audit rows name the actor "vigil" of kind system.
alter table audit_log drop constraint audit_log_actor_kind_check;
alter table audit_log add constraint audit_log_actor_kind_check check (actor_kind in ('user', 'api_key', 'anonymous', 'system'));

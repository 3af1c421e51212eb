-- Jobs: the persistent queue of training and batch work. Workers claim the next queued job with
-- SELECT ... FOR UPDATE SKIP LOCKED, so several Vigil instances can share this table.
create table jobs (
  id                 uuid primary key,
  seq                bigint generated always as identity,   -- submission order: exact FIFO within a priority
  kind               text not null,                         -- which handler runs it (train, batch-score ...)
  model_id           uuid,                                  -- no foreign key: the models table comes later
  state              text not null
                     check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  priority           int not null default 0,                -- higher runs first
  payload            jsonb not null default '{}',
  result             jsonb,
  error              text,
  attempts           int not null default 0,                -- runs started so far (a crash re-queues)
  max_attempts       int not null default 3 check (max_attempts >= 1),
  time_limit_seconds int check (time_limit_seconds > 0),    -- null: no limit
  cancel_requested   boolean not null default false,
  progress_fraction  double precision not null default 0,
  phase              text,
  current_round      int,
  total_rounds       int,
  worker             text,                                  -- instance/thread running it
  created_by         text,
  created_at         timestamptz not null default clock_timestamp(),
  started_at         timestamptz,
  finished_at        timestamptz,
  updated_at         timestamptz not null default clock_timestamp()
);

-- claiming the next job: queued, highest priority, oldest first
create index jobs_claim_idx on jobs (state, priority desc, created_at, seq);
-- listing newest first, per model
create index jobs_created_idx on jobs (created_at desc, seq desc);
create index jobs_model_idx on jobs (model_id, created_at desc);

-- What a job said while it ran, in order; read incrementally with "seq > since".
create table job_logs (
  job_id  uuid not null references jobs (id) on delete cascade,
  seq     bigserial,
  at      timestamptz not null default clock_timestamp(),
  level   text not null,
  message text not null,
  primary key (job_id, seq)
);

-- Datasets: uploaded tabular files. The bytes live in the blob store (blob_key); this row
-- says how to re-read them and what was found in them.
create table datasets (
  id                uuid primary key,
  name              text not null,
  description       text,
  format            text not null,              -- csv|tsv|jsonl|arff
  read_options      jsonb not null,             -- how to re-read the bytes (delimiter, gzip, header, columns)
  label_column      text,
  original_filename text,
  content_type      text,
  blob_key          text not null,
  sha256            char(64) not null,
  size_bytes        bigint not null,
  row_count         bigint not null,
  column_count      int not null,
  schema            jsonb not null,             -- [{name,type}]
  stats             jsonb not null,             -- the full profile
  created_at        timestamptz not null default now()
);

-- listing newest first
create index datasets_created_at_idx on datasets (created_at);
-- case-insensitive lookup and search by name
create index datasets_lower_name_idx on datasets (lower(name));
-- orphan sweep and "is this blob still referenced?"
create index datasets_blob_key_idx on datasets (blob_key);

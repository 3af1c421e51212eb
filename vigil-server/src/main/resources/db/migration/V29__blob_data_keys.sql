-- Encryption at rest: each encrypted blob's data key, wrapped by a configured master key, kept
-- apart from the blob so that a new master key re-wraps these rows and rewrites no data. The
-- plaintext's hash and size are here too: the blob's own key is the hash of its encrypted bytes.
create table blob_data_keys (
  blob_key      text primary key,
  key_id        text not null,
  wrapped_key   bytea not null,
  sha256        text not null,
  size_bytes    bigint not null check (size_bytes >= 0),
  created_at    timestamptz not null,
  rewrapped_at  timestamptz
);
create index blob_data_keys_key_id_idx on blob_data_keys (key_id);

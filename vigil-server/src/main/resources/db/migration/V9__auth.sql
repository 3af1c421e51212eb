-- Identity: users with their role and password hash, the refresh tokens of their sessions, API keys
-- for machines, and the secret that signs access tokens (shared by every instance on this database).
-- No secret is stored in the clear but the signing secret: passwords are Argon2id hashes (PHC
-- strings, parameters included), refresh tokens and API keys SHA-256 hashes of 256 random bits.

create table users (
  id             uuid primary key,
  username       text not null,
  role           text not null check (role in ('admin', 'data_scientist', 'analyst', 'service')),
  password_hash  text not null,
  disabled       boolean not null default false,
  created_at     timestamptz not null,
  updated_at     timestamptz not null
);
-- "Admin" and "admin" are one user
create unique index users_username_idx on users (lower(username));

create table refresh_tokens (
  id           uuid primary key,
  user_id      uuid not null references users (id) on delete cascade,
  token_hash   text not null unique,          -- hex SHA-256 of the token
  expires_at   timestamptz not null,
  created_at   timestamptz not null,
  revoked_at   timestamptz,                   -- logged out, rotated, or the user was disabled
  replaced_by  uuid                           -- the token a refresh rotated this one into
);
create index refresh_tokens_user_idx on refresh_tokens (user_id);

create table api_keys (
  id          uuid primary key,
  name        text not null,
  role        text not null check (role in ('admin', 'data_scientist', 'analyst', 'service')),
  prefix      text not null,                  -- the key's first characters: names it in lists and logs
  key_hash    text not null unique,           -- hex SHA-256 of the whole key
  created_by  text not null,
  created_at  timestamptz not null,
  expires_at  timestamptz,                    -- null: until revoked
  revoked_at  timestamptz
);

-- Secrets the instances share, made by the first one that needs them (insert ... on conflict do nothing).
create table auth_secrets (
  name        text primary key,
  value       text not null,
  created_at  timestamptz not null
);

-- Where alerts are sent (POST /ml/alerts/channels) and each sending of one alert to one channel.
-- A webhook's signing secret and a Slack URL (its path is the token) are stored to be used and are
-- never answered back; only the webhook's secret is shown, once, when it is made.
create table alert_channels (
  id uuid primary key,
  name text not null unique,
  type text not null check (type in ('webhook', 'slack', 'email')),
  url text,
  recipients text[],
  secret text,
  enabled boolean not null,
  created_at timestamptz not null,
  created_by text not null,
  updated_at timestamptz not null,
  updated_by text not null,
  check ((type = 'email') = (recipients is not null)),
  check ((type = 'email') = (url is null)),
  check ((type = 'webhook') = (secret is not null))
);

-- One row per alert and channel. Pending rows are claimed by the senders of every instance with
-- FOR UPDATE SKIP LOCKED; a claim moves next_attempt_at forward as a lease, so a row an instance
-- claimed and never finished (it stopped) is sent again by another afterwards. alert_id has no
-- foreign key: alerts are another part's table, and a delivery outlives nothing it points at.
create table alert_deliveries (
  id uuid primary key,
  alert_id uuid not null,
  channel_id uuid not null references alert_channels (id) on delete cascade,
  notice jsonb not null,
  state text not null check (state in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  last_status integer,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  delivered_at timestamptz
);
create index alert_deliveries_due on alert_deliveries (channel_id, next_attempt_at) where state = 'pending';
create index alert_deliveries_channel on alert_deliveries (channel_id, created_at desc);
create index alert_deliveries_alert on alert_deliveries (alert_id, created_at desc);
create index alert_deliveries_created on alert_deliveries (created_at desc);

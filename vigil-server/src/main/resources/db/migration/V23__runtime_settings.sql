-- Runtime settings (issue 22): each change of a section (thresholds, rate limits, the prediction
-- cache, ...) is a new numbered revision holding the whole value; the latest revision is in force on
-- every instance. Revision 0 is the start-time default and is not stored. A writer takes the
-- section's advisory lock, inserts max + 1 and sends NOTIFY vigil_settings '<section>' in the same
-- transaction; every instance LISTENs and reloads.
create table runtime_settings (
    section          text        not null,
    revision         integer     not null check (revision > 0),
    value            jsonb       not null,
    changed_by       text        not null,
    changed_at       timestamptz not null,
    reason           text,
    rolled_back_from integer     check (rolled_back_from >= 0),
    primary key (section, revision)
);

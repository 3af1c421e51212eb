-- Search in words (issue 22, eventsearch): each security event's text embedding, kept so that a
-- rebuild of the search index (<dataDir>/search) does not embed every event again (about 5 ms each).
-- model: the sentence model that made it (an embedding of another model is not reused);
-- text_sha256: the SHA-256 of the text embedded, so an event whose text changed (a note added) is
-- embedded again rather than found by its old words.
create table security_event_embeddings (
  event_id uuid primary key references security_events (id) on delete cascade,
  model text not null,
  text_sha256 bytea not null,
  embedding real[] not null
);

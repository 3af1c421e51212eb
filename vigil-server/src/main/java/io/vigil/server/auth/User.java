package io.vigil.server.auth;

import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it: never its password hash. */
public record User(UUID id, String username, Role role, boolean disabled, Instant createdAt, Instant updatedAt) {}

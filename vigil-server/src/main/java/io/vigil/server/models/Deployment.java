package io.vigil.server.models;

import java.time.Instant;
import java.util.UUID;

/** One entry of the deployment history of a detection slot. */
public record Deployment(long id, String modelType, UUID modelId, int version, String action, boolean active,
                         UUID previousModelId, Integer previousVersion, String createdBy, Instant createdAt,
                         Instant endedAt) {}

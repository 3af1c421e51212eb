package io.vigil.server.models;

import io.vigil.server.jobs.Job;
import java.util.UUID;

/**
 * {@code GET /ml/models/{id}/status}: the model's state, its latest and deployed version numbers,
 * and its queued or running job (null when it has none).
 */
public record ModelTrainingStatus(UUID modelId, String modelName, ModelStatus status, Integer latestVersion,
                                  Integer deployedVersion, Job currentJob) {}

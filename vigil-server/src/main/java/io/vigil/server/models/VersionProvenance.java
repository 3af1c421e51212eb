package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vigil.engine.algorithms.Provenance;
import io.vigil.server.datasets.DatasetReference;

/**
 * A version's provenance as recorded: the engine's (its {@code dataSha256} hashes the training rows
 * as read) with what the datasets were, so the version stays readable after a forced delete of its
 * data (which writes the deletion into {@code dataset} or {@code evaluationDataset}).
 *
 * @param evaluationDataset the separate dataset it was evaluated on; absent for a hold-out
 */
public record VersionProvenance(@JsonUnwrapped Provenance training, DatasetReference dataset,
                                @JsonInclude(JsonInclude.Include.NON_NULL) DatasetReference evaluationDataset) {}

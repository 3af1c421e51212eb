package io.vigil.server.datasets;

import java.util.List;
import java.util.UUID;

/**
 * Datasets to join into one, in order: the days of CIC-IDS2017, the four CSVs of UNSW-NB15.
 *
 * @param labelColumn the new dataset's label column; the first dataset's when null
 */
public record ConcatRequest(String name, String description, List<UUID> datasetIds, String labelColumn) {}

package io.vigil.server.datasets;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Datasets to join into one, in order: the days of CIC-IDS2017, the four CSVs of UNSW-NB15.
 *
 * @param labelColumn the new dataset's label column; the first dataset's when null
 */
public record ConcatRequest(String name, String description, List<UUID> datasetIds, String labelColumn) {

    /** The fields' own sizes and text, as an upload's are held to. */
    void check(FieldErrors errors) {
        if (errors.required("name", name, "a name for the new dataset is required")) {
            errors.name("name", name, RequestLimits.NAME_LENGTH);
        }
        errors.text("description", description, RequestLimits.DESCRIPTION_LENGTH);
        List<UUID> ids = datasetIds == null ? List.of() : datasetIds;
        if (ids.size() < 2 || ids.size() > DatasetConcatenation.MAX_DATASETS) {
            errors.add("datasetIds", "give 2 to " + DatasetConcatenation.MAX_DATASETS + " datasets to join");
        } else if (ids.contains(null)) {
            errors.add("datasetIds", "null is not a dataset id");
        } else if (new HashSet<>(ids).size() != ids.size()) {
            errors.add("datasetIds", "a dataset is named twice");
        }
        errors.name("labelColumn", labelColumn, RequestLimits.DATA_NAME_LENGTH);
    }
}

package io.vigil.server.models;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.windows.SpecProblem;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.datasets.SchemaColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a dataset fits a model before a training is queued: it has the columns the model names,
 * and its label column is one a classifier can learn (a measurement picked as the target fails now,
 * not after minutes of work).
 */
final class DatasetColumnChecks {
    private final DatasetService datasets;

    DatasetColumnChecks(DatasetService datasets) {
        this.datasets = datasets;
    }

    /** A 422 naming {@code field} (the request's dataset field) if {@code dataset} does not fit {@code model}. */
    void check(RegisteredModel model, Dataset dataset, String field) {
        List<String> columns = dataset.schema().stream().map(SchemaColumn::name).toList();
        if (model.targetVariable() != null && !columns.contains(model.targetVariable())) {
            throw VigilException.unprocessable("dataset " + dataset.id() + " has no column '"
                    + model.targetVariable() + "' (the model's targetVariable)",
                    List.of(new FieldError(field, "columns are " + columns)));
        }
        List<FieldError> absent = new ArrayList<>();
        List<String> features = model.features() == null ? List.of() : model.features();
        List<String> computed = model.windows() == null ? List.of() : model.windows().outputNames();
        List<String> unknownFeatures = features.stream().filter(c -> !columns.contains(c) && !computed.contains(c)).toList();
        List<String> unknownDrops = model.dropColumns().stream().filter(c -> !columns.contains(c)).toList();
        if (!unknownFeatures.isEmpty()) {
            absent.add(new FieldError("features", "not columns of dataset " + dataset.id() + ": " + unknownFeatures));
        }
        if (!unknownDrops.isEmpty()) {
            absent.add(new FieldError("dropColumns", "not columns of dataset " + dataset.id() + ": " + unknownDrops));
        }
        if (!absent.isEmpty()) { // a feature left out silently, or a typo in a drop, found now rather than by the job
            throw VigilException.unprocessable("dataset " + dataset.id() + " lacks columns the model names;"
                    + " its columns are " + columns, absent);
        }
        checkWindows(model, dataset);
        if (model.targetVariable() != null && model.binarize() == null) {
            // the profile knows the label's distinct values
            long distinct = datasets.distinctValues(dataset, model.targetVariable()).orElse(0L);
            if (distinct > Pipeline.MAX_CLASSES) {
                throw VigilException.unprocessable("the target '" + model.targetVariable() + "' has about "
                        + distinct + " distinct values in dataset " + dataset.id() + "; a classifier takes at most "
                        + Pipeline.MAX_CLASSES + " classes: choose a label column, or define the model with binarize",
                        List.of(new FieldError(field, "targetVariable '" + model.targetVariable() + "' is not a label")));
            }
        }
    }

    /** The model's window features against the dataset's columns and types: each bad field named under {@code windows.}. */
    private static void checkWindows(RegisteredModel model, Dataset dataset) {
        if (model.windows() == null) {
            return;
        }
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (SchemaColumn c : dataset.schema()) {
            types.put(c.name(), c.type());
        }
        List<SpecProblem> problems = model.windows().problems(types);
        if (!problems.isEmpty()) {
            throw VigilException.unprocessable("dataset " + dataset.id() + " does not fit the model's window features",
                    problems.stream().map(p -> new FieldError("windows." + p.field(), p.message())).toList());
        }
    }
}

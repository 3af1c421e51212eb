package io.vigil.server.serving.scoring;

import io.vigil.engine.features.InputField;
import io.vigil.server.core.FieldError;
import io.vigil.server.serving.models.LoadedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A batch's records (read by columns) checked against a model before any is scored.
 *
 * @param byInput   each model input's column, in input order (null when no record has it)
 * @param scoredRow for each record of the batch, its row among those scored; -1 refused;
 *                  {@link ScoredInstances#OTHER_ARM} not among the records checked
 * @param good      the records scored, in order
 * @param errors    the problems of each refused record (null for the others)
 */
record CheckedRows(RawColumn[] byInput, int[] scoredRow, int[] good, List<List<FieldError>> errors) {

    /** Records {@code rows} of {@code in} (all of them when null) checked against {@code model}. */
    static CheckedRows of(LoadedModel model, Instances in, int[] rows) {
        NestedFields.flatten(model, in);
        FieldNames.match(model, in);
        List<InputField> inputs = model.trained().pipeline().inputs();
        RawColumn[] byInput = new RawColumn[inputs.size()];
        for (int i = 0; i < byInput.length; i++) {
            byInput[i] = in.columns().get(inputs.get(i).name());
        }
        List<FeatureValidator.UnknownField> unknown = new ArrayList<>();
        FieldNames.Hints hints = new FieldNames.Hints(model);
        in.columns().forEach((name, column) -> {
            if (!FieldNames.known(model, name) && !EntityFields.isEntityKey(name)) { // what to say of it is worked out once for the batch
                unknown.add(new FeatureValidator.UnknownField(name, column, hints.unknown(name, "feature")));
            }
        });
        int n = in.size();
        int[] scoredRow = new int[n];
        if (rows != null) {
            Arrays.fill(scoredRow, ScoredInstances.OTHER_ARM);
        }
        int[] good = new int[n];
        int k = 0;
        List<List<FieldError>> errors = new ArrayList<>(Collections.nCopies(n, null));
        for (int j = 0, count = rows == null ? n : rows.length; j < count; j++) {
            int r = rows == null ? j : rows[j];
            List<FieldError> problems = FeatureValidator.check(model, in, byInput, unknown, r);
            if (problems.isEmpty()) {
                scoredRow[r] = k;
                good[k++] = r;
            } else {
                scoredRow[r] = -1;
                errors.set(r, problems);
            }
        }
        return new CheckedRows(byInput, scoredRow, Arrays.copyOf(good, k), errors);
    }
}

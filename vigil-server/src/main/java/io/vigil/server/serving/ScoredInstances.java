package io.vigil.server.serving;

import io.vigil.server.http.FieldError;
import java.util.List;

/**
 * A batch of records read by columns, after scoring: record r was scored as row
 * {@code scoredRow[r]} of {@code scored}, or (-1) refused with {@code errors.get(r)}.
 */
record ScoredInstances(int[] scoredRow, List<List<FieldError>> errors, ScoredTable scored) {

    int count() {
        return scoredRow.length;
    }

    int failed() {
        return count() - scored.rows();
    }
}

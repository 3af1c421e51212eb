package io.vigil.server.serving.scoring;

import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import java.util.UUID;

/**
 * A table's rows, scored by the engine: row r's outputs are {@code outputs}' row r, and its id
 * is {@code Uuids.inBlock(firstId, r)}.
 */
public record ScoredTable(ModelRef model, UUID firstId, ScoredRows outputs) {

    /** No rows: every record of a batch was refused. */
    static ScoredTable none(LoadedModel model) {
        return new ScoredTable(model.ref(), null, new ScoredRows());
    }

    int rows() {
        return outputs.rows();
    }
}

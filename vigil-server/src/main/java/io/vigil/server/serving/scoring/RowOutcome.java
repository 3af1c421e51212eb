package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.core.FieldError;
import java.util.List;

/** A record that could not be scored: why, field by field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RowOutcome(int index, RowError error) {

    /** What was wrong with one row of a batch. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RowError(int status, String detail, List<FieldError> errors) {}
}

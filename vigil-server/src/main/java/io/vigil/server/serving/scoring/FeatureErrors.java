package io.vigil.server.serving.scoring;

import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.LoadedModel;
import java.util.List;

/**
 * How the problems of records that do not fit a model are answered, in a size bounded whatever
 * the request: a thousand records sent to a 78-input model under other names have 156 problems
 * each. Every record's detail counts its problems; the field errors listed stop at
 * {@link #ANSWER_LIMIT} per answer (at {@link #RECORD_LIMIT} per record of a batch, so that the
 * first records all show theirs); the model's inputs are named once per answer, not in every
 * unknown field's message.
 */
public final class FeatureErrors {
    static final int ANSWER_LIMIT = 100;
    static final int RECORD_LIMIT = 10;

    private FeatureErrors() {}

    /** The 422 for one record, or for a request's tensors: its problems, the first {@link #ANSWER_LIMIT} listed. */
    static VigilException unprocessable(LoadedModel model, List<FieldError> errors) {
        List<FieldError> listed = errors.subList(0, Math.min(errors.size(), ANSWER_LIMIT));
        String detail = detail(errors, listed.size());
        if (anyUnknown(errors)) {
            detail += "; the model's inputs are: " + String.join(", ", model.inputNames());
        }
        return VigilException.unprocessable(detail, listed);
    }

    /** Whether a field the model does not know is among {@code errors} (its message says so first). */
    static boolean anyUnknown(List<FieldError> errors) {
        for (FieldError e : errors) {
            if (e.message().startsWith("unknown ")) {
                return true;
            }
        }
        return false;
    }

    /** {@code field: message} for one problem, else their count and how many of them are listed. */
    private static String detail(List<FieldError> errors, int listed) {
        if (errors.size() == 1 && listed == 1) {
            return errors.get(0).field() + ": " + errors.get(0).message();
        }
        String count = errors.size() + " features do not fit the model's inputs";
        return listed == errors.size() ? count
                : listed == 0 ? count + " (not listed: an answer lists " + ANSWER_LIMIT + " problems at most)"
                : count + " (the first " + listed + " listed)";
    }

    /** The errors of a batch's bad records, in record order, drawing on one listing budget for the answer. */
    static final class Listing {
        private int left = ANSWER_LIMIT;

        RowOutcome.RowError rowError(List<FieldError> errors) {
            int listed = Math.min(errors.size(), Math.min(RECORD_LIMIT, left));
            left -= listed;
            return new RowOutcome.RowError(422, detail(errors, listed), errors.subList(0, listed));
        }
    }
}

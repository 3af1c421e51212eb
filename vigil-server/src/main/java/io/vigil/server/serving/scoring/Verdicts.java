package io.vigil.server.serving.scoring;

import io.vigil.server.serving.models.LoadedModel;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The port through which each scored record of a judged model type gets its threat verdict (fast
 * rules beside the model, maximum threat wins) and, above the threshold or when a rule fired,
 * raises a security event. {@code securityevents.VerdictEvents} implements it; serving knows no
 * events. It runs on the request thread, so it must be quick and must never wait on a database.
 */
public interface Verdicts {
    Verdicts NONE = new Verdicts() {
        @Override
        public boolean judges(LoadedModel model) {
            return false;
        }

        @Override
        public ThreatVerdict judge(LoadedModel model, Map<String, Object> record, PredictionResult result,
                                   Supplier<PredictionExplanation> explanation) {
            return null;
        }
    };

    /** Whether {@code model}'s verdicts are judged: then its batches are scored record by record. */
    boolean judges(LoadedModel model);

    /**
     * The verdict on {@code record} as {@code model} scored it; {@code explanation} gives its
     * explanation when an event needs one (computed only then).
     */
    ThreatVerdict judge(LoadedModel model, Map<String, Object> record, PredictionResult result, Supplier<PredictionExplanation> explanation);
}

package io.vigil.server.serving.scoring;

import io.vigil.server.serving.models.LoadedModel;

/**
 * Where scoring reports what it did, for the metrics: how many records each model version
 * predicted, of which class, and how long scoring took. Called on the request thread, so an
 * implementation only increments counters ({@code monitoring.metrics.PredictionMeters});
 * {@link #OFF} counts nothing.
 */
public interface ScoringMeters {
    /** Counts nothing. */
    ScoringMeters OFF = model -> Version.OFF;

    /** The meters of {@code model}'s version: asked once a request, then used for each of its records. */
    Version of(LoadedModel model);

    /** One model version's meters. */
    interface Version {
        /** Counts nothing. */
        Version OFF = new Version() {
            @Override
            public void predicted(int classIndex, long records) {}

            @Override
            public void scored(long nanos, boolean single) {}
        };

        /** {@code records} records were predicted as class {@code classIndex} (an index into the model's classes). */
        void predicted(int classIndex, long records);

        /**
         * Scoring one request took {@code nanos}: from the records read to the answer built (checks,
         * encoding, the model, explanations, the hand-over to the prediction log).
         *
         * @param single one record ({@code features}), or a batch
         */
        void scored(long nanos, boolean single);
    }
}

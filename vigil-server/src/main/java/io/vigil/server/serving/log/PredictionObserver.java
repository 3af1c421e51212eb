package io.vigil.server.serving.log;

import io.vigil.server.serving.scoring.PredictionBatchRecord;

/**
 * What else sees the predictions the log takes: monitoring counts them per minute
 * ({@code monitoring.live.MinuteAggregator}) on the log's writer thread, so the request path pays
 * nothing for it. Serving knows only this port; the wiring plugs monitoring in.
 */
public interface PredictionObserver {
    /** Sees nothing. */
    PredictionObserver NONE = new PredictionObserver() {
        @Override
        public void recorded(PredictionBatchRecord record) {}

        @Override
        public void unrecorded(PredictionBatchRecord record, int predictions) {}
    };

    /** A record the log took, on the log's writer thread, before it is written; must not block. */
    void recorded(PredictionBatchRecord record);

    /**
     * {@code predictions} of {@code record} the log left out (sampled under overload, over its rate,
     * or a full queue). Called on the request thread, and only then: a counter, nothing more.
     */
    void unrecorded(PredictionBatchRecord record, int predictions);
}

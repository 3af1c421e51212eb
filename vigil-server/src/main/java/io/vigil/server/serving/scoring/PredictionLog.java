package io.vigil.server.serving.scoring;

/**
 * Where scored predictions go for monitoring. Scoring hands each batch over and moves on; the
 * prediction log ({@code serving.log.PredictionRecorder}) writes them off the request path.
 */
public interface PredictionLog {
    /** A log that keeps nothing: scoring then skips building the records. */
    PredictionLog OFF = new PredictionLog() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void record(PredictionBatchRecord batch) {}
    };

    /** A log that hands each record to {@code sink} as it comes (tools and tests). */
    static PredictionLog to(java.util.function.Consumer<PredictionBatchRecord> sink) {
        return new PredictionLog() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void record(PredictionBatchRecord batch) {
                sink.accept(batch);
            }
        };
    }

    /** Whether predictions are recorded at all (a caller may then skip building its records). */
    boolean enabled();

    /** Hands a scored batch over; never blocks (a full log drops and counts it). */
    void record(PredictionBatchRecord batch);
}

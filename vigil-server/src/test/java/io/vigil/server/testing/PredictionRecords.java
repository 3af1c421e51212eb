package io.vigil.server.testing;

import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.PredictionLog;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The records the real predictor hands the prediction log, for tests of what monitoring does with them. */
public final class PredictionRecords {
    private PredictionRecords() {}

    /** One prediction of {@code features} made at {@code at} in {@code nanos}. */
    public static PredictionBatchRecord single(LoadedModel model, Instant at, Map<String, Object> features, long nanos) {
        PredictionResult result = Predictor.standalone(Clock.fixed(at, ZoneOffset.UTC)).predict(model, features, false, 0);
        return PredictionBatchRecord.single(at, model, features, result, nanos);
    }

    /** The record of a batch of {@code records}, with the time the predictor measured. */
    public static PredictionBatchRecord batch(LoadedModel model, Instant at, List<Map<String, Object>> records) {
        List<PredictionBatchRecord> logged = new ArrayList<>();
        PredictionLog capture = new PredictionLog() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void record(PredictionBatchRecord b) {
                logged.add(b);
            }
        };
        new Predictor(new PredictionCache(0, Duration.ZERO), capture, Clock.fixed(at, ZoneOffset.UTC)).predictBatch(model, records, false, 0);
        if (logged.size() != 1) {
            throw new AssertionError("a batch is one record; the log got " + logged.size());
        }
        return logged.get(0);
    }
}

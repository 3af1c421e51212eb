package io.vigil.server.serving.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowFeature;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.engine.windows.WindowKind;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A model with window features at the scoring layer: each record's event feeds the state and rides with its prediction to the log. */
class WindowRecordsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    static final WindowSpec SPEC = WindowSpec.of(List.of("host"), "ts", List.of(WindowFeature.over(WindowKind.COUNT, null, "1m"),
            WindowFeature.lag("bytes", 1)));

    static TrainedModel trained() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new String[] {"h" + i % 5, Integer.toString(i * (i % 3 == 0 ? 5 : 40)), Integer.toString(i % 7), i % 3 == 0 ? "a" : "n"});
        }
        Table events = Table.fromRows(rows.iterator(), List.of("host", "ts", "bytes", "label"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        WindowFeatures windows = WindowFeatures.fit(SPEC, events);
        return Training.of(windows.transform(events), Algorithms.trainer("gbm")).windows(windows).pipeline(PipelineSpec.forTrees("label"))
                .params(Map.of("rounds", 3)).seed(1).threads(1).run();
    }

    static LoadedModel loaded(TrainedModel trained) {
        return LoadedModel.of(new ModelRef(UUID.randomUUID(), "w", 1), "w", trained, 0, false, trained.windows().online(100));
    }

    static Map<String, Object> event(String host, long ts, Object bytes) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("host", host);
        r.put("ts", ts);
        r.put("bytes", bytes);
        return r;
    }

    @Test
    void eachValidRecordFeedsTheStateAndCarriesItsEventToTheLog() {
        LoadedModel model = loaded(trained());
        Predictor predictor = Predictor.standalone(Clock.fixed(T0, ZoneOffset.UTC));
        PredictionResult first = predictor.predict(model, event("h1", 100, 7), false, 0);
        assertThat(first.windowFeatures()).containsEntry("count_1m", 1.0).containsEntry("bytes_lag_1", null);
        // a refused record does not count: the next valid one is the host's second event
        assertThatThrownBy(() -> predictor.predict(model, event("h1", 110, "lots"), false, 0)).isInstanceOf(VigilException.class);
        PredictionResult second = predictor.predict(model, event("h1", 120, 9), false, 0);
        assertThat(second.windowFeatures()).containsEntry("count_1m", 2.0).containsEntry("bytes_lag_1", 7.0);

        PredictionBatchRecord a = PredictionBatchRecord.single(T0, model, event("h1", 100, 7), first, 1, model.windows()
                .event(event("h1", 100, 7)));
        PredictionBatchRecord b = new PredictionBatchRecord(T0, first.predictionId(), model, 2);
        b.add(event("h2", 130, 1), second, model.windows().event(event("h2", 130, 1)));
        b.add(event("h3", 140, null), second, model.windows().event(event("h3", 140, null)));
        PredictionBatchRecord joined = PredictionBatchRecord.join(List.of(a, b));
        assertThat(joined.eventKeys()).containsExactly("h1", "h2", "h3");
        assertThat(joined.eventTimes()).containsExactly(100, 130, 140);
        assertThat(joined.eventRows()).containsExactly(7, 1, Double.NaN);
        assertThat(joined.eventValues()).isEqualTo(1);
    }

    @Test
    void tensorsAreRefusedForAModelWithWindows() {
        LoadedModel model = loaded(trained());
        Predictor predictor = Predictor.standalone(Clock.fixed(T0, ZoneOffset.UTC));
        Table inputs = Table.fromRows(List.<String[]>of(new String[] {"1", "1", "0"}).iterator(), List.of("bytes", "count_1m", "bytes_lag_1"),
                List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
        assertThatThrownBy(() -> predictor.predictTable(model, inputs)).isInstanceOf(VigilException.class)
                .hasMessageContaining("computes window features from each record's event");
    }
}

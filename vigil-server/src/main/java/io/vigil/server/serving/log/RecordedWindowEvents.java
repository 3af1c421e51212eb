package io.vigil.server.serving.log;

import io.vigil.engine.windows.WindowEvent;
import io.vigil.server.serving.models.WindowStates;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The raw events the prediction log recorded for a model version with window features (V19's
 * {@code event_keys}, {@code event_times}, {@code event_values} of {@code prediction_batches}), read
 * back in the order they were recorded, one batch row at a time through a cursor: what a restart
 * replays into the version's state.
 */
public final class RecordedWindowEvents implements WindowStates.RecordedEvents {
    private static final String EVENTS = "select event_keys, event_times, event_values from prediction_batches"
            + " where model_id = :model and version = :version and at >= :since and event_keys is not null order by at, id";
    private static final int FETCH = 64;

    private final Jdbi jdbi;

    public RecordedWindowEvents(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public long replay(UUID modelId, int version, Instant since, int values, Consumer<WindowEvent> into) {
        long[] replayed = {0};
        jdbi.useTransaction(h -> h.createQuery(EVENTS).bind("model", modelId).bind("version", version)
                .bind("since", Timestamp.from(since)).setFetchSize(FETCH)
                .map((rs, ctx) -> new Row(texts(rs.getArray("event_keys")), doubles(rs.getArray("event_times")),
                        doubles(rs.getArray("event_values"))))
                .forEach(row -> {
                    for (int i = 0; i < row.keys().length; i++) {
                        if (Double.isNaN(row.times()[i]) || row.values().length != row.keys().length * values) {
                            continue; // a row scored without its event, or of another layout: nothing to replay
                        }
                        double[] v = new double[values];
                        System.arraycopy(row.values(), i * values, v, 0, values);
                        into.accept(new WindowEvent(row.keys()[i], row.times()[i], v));
                        replayed[0]++;
                    }
                }));
        return replayed[0];
    }

    private record Row(String[] keys, double[] times, double[] values) {}

    private static String[] texts(Array array) throws SQLException {
        return (String[]) array.getArray();
    }

    private static double[] doubles(Array array) throws SQLException {
        Object[] boxed = (Object[]) array.getArray();
        double[] out = new double[boxed.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxed[i] == null ? Double.NaN : ((Number) boxed[i]).doubleValue();
        }
        return out;
    }
}

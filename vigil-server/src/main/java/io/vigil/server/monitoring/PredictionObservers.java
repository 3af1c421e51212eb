package io.vigil.server.monitoring;

import io.vigil.server.serving.log.PredictionObserver;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import java.util.List;

/**
 * Several observers of the prediction log as one: each sees every record, in order; one that
 * fails does not keep the next from seeing it (the first failure is passed on, for the log to report).
 */
public final class PredictionObservers implements PredictionObserver {
    private final PredictionObserver[] all;

    private PredictionObservers(List<PredictionObserver> all) {
        this.all = all.toArray(new PredictionObserver[0]);
    }

    /** {@code all} as one observer (the one itself when there is one). */
    public static PredictionObserver of(PredictionObserver... all) {
        List<PredictionObserver> seeing = java.util.Arrays.stream(all).filter(o -> o != PredictionObserver.NONE).toList();
        return seeing.isEmpty() ? PredictionObserver.NONE : seeing.size() == 1 ? seeing.get(0) : new PredictionObservers(seeing);
    }

    @Override
    public void recorded(PredictionBatchRecord record) {
        RuntimeException first = null;
        for (PredictionObserver o : all) {
            try {
                o.recorded(record);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void unrecorded(PredictionBatchRecord record, int predictions) {
        for (PredictionObserver o : all) {
            o.unrecorded(record, predictions);
        }
    }
}

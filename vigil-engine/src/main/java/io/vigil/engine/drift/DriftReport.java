package io.vigil.engine.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;

/**
 * Drift over one window: each input's {@link InputDrift}, how many drifted and their share, whether
 * the dataset drifted (the share reached {@code driftShareThreshold}), and the predictions' drift.
 *
 * @param liveRows            live rows compared
 * @param referenceRows       reference rows (the training rows the version saw)
 * @param minRows             live rows below which no verdict is given
 * @param testedInputs        inputs that had enough live values for a verdict
 * @param driftedInputs       inputs found drifted
 * @param driftShare          drifted inputs / tested inputs; null when none was tested
 * @param datasetDrift        whether the share reached the threshold; null when none was tested
 * @param status              {@code drift}, {@code no drift} or {@code not enough data}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftReport(int liveRows, long referenceRows, int minRows, List<InputDrift> inputs, int testedInputs, int driftedInputs,
                          Double driftShare, double driftShareThreshold, Boolean datasetDrift, InputDrift prediction, String status) {

    public DriftReport {
        inputs = List.copyOf(inputs);
    }

    /** The {@code n} drifted inputs with the largest PSI, most first (to say which moved most). */
    public List<InputDrift> mostDrifted(int n) {
        return inputs.stream().filter(i -> Boolean.TRUE.equals(i.drifted()))
                .sorted(Comparator.comparingDouble((InputDrift i) -> i.psi() == null ? 0 : i.psi()).reversed()).limit(n).toList();
    }
}

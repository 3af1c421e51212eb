package io.vigil.server.monitoring.experiments;

import java.time.Instant;

/**
 * A decision about an experiment, with the figures it rests on: it ended ({@code promoted},
 * {@code stopped}, {@code inconclusive}), or a significance test found a difference that no
 * automatic rule acts on ({@code challenger-better}, {@code challenger-worse}: someone should
 * promote or stop it).
 *
 * @param experiment the experiment as it stands after the decision
 * @param decidedBy  {@code vigil} for Vigil's own rules, else the user or key that asked
 * @param automatic  whether Vigil's own rules took it (not a person through the API)
 */
public record ExperimentDecision(Experiment experiment, String outcome, String reason, Figures figures, String decidedBy,
                                 boolean automatic, Instant at) {
    public static final String CHALLENGER_BETTER = "challenger-better";
    public static final String CHALLENGER_WORSE = "challenger-worse";
}

package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An experiment's figures now, from feedback: each arm's counts and primary metric, and the
 * comparison (null, with {@code reason}, until both arms have rows to compare). In shadow mode
 * both arms are judged on the same rows (the champion's predictions that have feedback and a
 * shadow), and {@code shadow} tells how many rows were compared and how often the two agreed.
 *
 * @param samplesForNextLook feedback per arm the next significance test waits for
 * @param alphaOfNextLook    the significance level that test spends (alpha / 2^(look + 1))
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figures(PrimaryMetric metric, String positiveClass, String normalClass, ArmCounts champion, ArmCounts challenger,
                      Double championValue, Double challengerValue, Comparison comparison, String reason, ShadowFigures shadow,
                      long samplesForNextLook, double alphaOfNextLook) {

    /** The feedback rows of the arm with fewer. */
    long samplesPerArm() {
        return Math.min(champion.feedback(), challenger.feedback());
    }
}

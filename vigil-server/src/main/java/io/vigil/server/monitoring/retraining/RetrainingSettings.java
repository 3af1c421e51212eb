package io.vigil.server.monitoring.retraining;

import java.time.Duration;

/**
 * What retraining is configured with ({@code retraining.*}).
 *
 * @param enabled         whether this instance evaluates policies and decides the trainings they start (an
 *                        instance that does not leaves both to the others)
 * @param checkEvery      how often the policies are evaluated ({@code retraining.checkSeconds}, a minute by default)
 * @param maxFeedbackRows the most feedback-labelled predictions one retraining adds to its training data, the newest
 */
public record RetrainingSettings(boolean enabled, Duration checkEvery, int maxFeedbackRows) {
    /** The defaults: on, every minute, at most 500,000 feedback rows. */
    public static RetrainingSettings defaults() {
        return new RetrainingSettings(true, Duration.ofMinutes(1), 500_000);
    }
}

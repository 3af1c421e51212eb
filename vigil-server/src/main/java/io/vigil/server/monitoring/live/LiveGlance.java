package io.vigil.server.monitoring.live;

import java.util.Map;

/**
 * What health and alert rules read of one model version over a window ({@link LiveMetrics#glance}).
 *
 * @param predictions  predictions made (recorded or left out of the log)
 * @param latencyP99Ms p99 of the recorded predictions' server time, null without any
 * @param classes      recorded predictions by predicted class
 * @param feedback     predictions of the window with feedback
 * @param correct      of those, the ones whose prediction was right
 */
public record LiveGlance(long predictions, Double latencyP99Ms, Map<String, Long> classes, long feedback, long correct) {
    /** The share of right predictions among those with feedback; null without feedback. */
    public Double accuracy() {
        return feedback == 0 ? null : (double) correct / feedback;
    }
}

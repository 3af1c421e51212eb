package io.vigil.engine.capture;

import java.time.Duration;

/**
 * How packets become flows.
 *
 * @param flowTimeout      a flow ends when a packet comes more than this after the flow's first
 *                         packet; that packet starts a new flow (CICFlowMeter's "flow timeout", 120 s)
 * @param activityTimeout  a gap between two packets longer than this ends an active period and is an
 *                         idle period (CICFlowMeter's "activity timeout", 5 s); it does not end the flow
 * @param idleTimeout      a flow also ends when its next packet comes more than this after its last
 *                         one; the default equals the flow timeout, which adds nothing (as CICFlowMeter)
 * @param maxOpenFlows     the flow table's bound: past it the flow seen least recently is ended
 *                         early (and counted in {@link CaptureSummary#flowsEndedByTableLimit()})
 * @param keepFlowsBeforeDamage when the capture is cut or corrupt, end there and keep the flows
 *                         of the packets before the damage (the damage is in the summary) instead of failing
 */
public record CaptureOptions(Duration flowTimeout, Duration activityTimeout, Duration idleTimeout, int maxOpenFlows,
                             boolean keepFlowsBeforeDamage) {

    public static final Duration DEFAULT_FLOW_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_ACTIVITY_TIMEOUT = Duration.ofSeconds(5);
    /** About 100 MB of flow state at most. */
    public static final int DEFAULT_MAX_OPEN_FLOWS = 100_000;

    public CaptureOptions {
        positive(flowTimeout, "flowTimeout");
        positive(activityTimeout, "activityTimeout");
        positive(idleTimeout, "idleTimeout");
        if (maxOpenFlows < 1) {
            throw new IllegalArgumentException("maxOpenFlows must be at least 1, was " + maxOpenFlows);
        }
    }

    /** CICFlowMeter's timeouts, {@value #DEFAULT_MAX_OPEN_FLOWS} open flows, fail on damage. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(DEFAULT_FLOW_TIMEOUT, DEFAULT_ACTIVITY_TIMEOUT, DEFAULT_FLOW_TIMEOUT,
                DEFAULT_MAX_OPEN_FLOWS, false);
    }

    public CaptureOptions withKeepFlowsBeforeDamage(boolean keep) {
        return new CaptureOptions(flowTimeout, activityTimeout, idleTimeout, maxOpenFlows, keep);
    }

    public CaptureOptions withTimeouts(Duration flow, Duration activity, Duration idle) {
        return new CaptureOptions(flow, activity, idle, maxOpenFlows, keepFlowsBeforeDamage);
    }

    public CaptureOptions withMaxOpenFlows(int max) {
        return new CaptureOptions(flowTimeout, activityTimeout, idleTimeout, max, keepFlowsBeforeDamage);
    }

    long flowTimeoutMicros() {
        return micros(flowTimeout);
    }

    long activityTimeoutMicros() {
        return micros(activityTimeout);
    }

    long idleTimeoutMicros() {
        return micros(idleTimeout);
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}

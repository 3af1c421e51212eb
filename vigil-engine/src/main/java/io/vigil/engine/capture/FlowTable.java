package io.vigil.engine.capture;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open flows, in the order they last saw a packet, and the rules that end them: a TCP FIN or
 * RST (that packet is the flow's last, as in CICFlowMeter), the flow and idle timeouts (checked
 * when the flow's next packet comes, as in CICFlowMeter, and against the capture's clock so that
 * memory stays bounded), the table's limit, and the end of the capture.
 */
final class FlowTable {

    private final LinkedHashMap<FlowKey, Flow> open = new LinkedHashMap<>(1024, 0.75f, true);
    private final FlowKey probe = new FlowKey();
    private final ArrayDeque<Flow> ended = new ArrayDeque<>();
    private final long flowTimeout;
    private final long idleTimeout;
    private final long activityTimeout;
    private final long staleAfter;
    private final int maxOpen;
    private long clock = Long.MIN_VALUE;
    private long endedByLimit;

    FlowTable(CaptureOptions options) {
        flowTimeout = options.flowTimeoutMicros();
        idleTimeout = options.idleTimeoutMicros();
        activityTimeout = options.activityTimeoutMicros();
        // Past this silence a flow can take no more packets: the next one would start a new flow.
        staleAfter = Math.min(flowTimeout, idleTimeout);
        maxOpen = options.maxOpenFlows();
    }

    /** Counts a packet, sent from {@code srcPort} to {@code dstPort}, into its flow. */
    void add(Packet p, int srcPort, int dstPort) {
        long t = p.timeMicros;
        clock = Math.max(clock, t);
        FlowKey key = probe.set(p, srcPort, dstPort);
        Flow flow = open.get(key);
        if (flow != null && (t - flow.start > flowTimeout || t - flow.lastSeen > idleTimeout)) {
            open.remove(key);
            ended.add(flow);
            flow = null;
        }
        if (flow == null) {
            open.put(key.copy(), new Flow(p, srcPort, dstPort));
            if (open.size() > maxOpen) {
                Iterator<Flow> oldest = open.values().iterator();
                ended.add(oldest.next());
                oldest.remove();
                endedByLimit++;
            }
        } else {
            flow.add(p, flow.isForward(p, srcPort), activityTimeout);
            if (p.protocol == Packet.TCP && (p.has(Packet.FIN) || p.has(Packet.RST))) {
                open.remove(key);
                ended.add(flow);
            }
        }
        endStale();
    }

    private void endStale() {
        Iterator<Map.Entry<FlowKey, Flow>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Flow oldest = it.next().getValue();
            if (clock - oldest.lastSeen <= staleAfter) {
                return;
            }
            ended.add(oldest);
            it.remove();
        }
    }

    /** The capture is over: every open flow ends, least recently seen first. */
    void endAll() {
        ended.addAll(open.values());
        open.clear();
    }

    /** The next ended flow, or null. */
    Flow poll() {
        return ended.poll();
    }

    boolean hasEnded() {
        return !ended.isEmpty();
    }

    long endedByLimit() {
        return endedByLimit;
    }

    int openFlows() {
        return open.size();
    }
}

package io.vigil.engine.capture;

/**
 * One bidirectional flow being measured. The first packet's sender is the forward side, as in
 * CICFlowMeter; a packet is forward when its source address and port are that sender's.
 */
final class Flow {
    private static final long SUBFLOW_GAP_MICROS = 1_000_000;

    final boolean ipv6;
    final long srcHigh;
    final long srcLow;
    final int srcPort;
    final long dstHigh;
    final long dstLow;
    final int dstPort;
    final int protocol;
    final long start;
    long lastSeen;
    private long forwardLastSeen;
    private long backwardLastSeen;

    final RunningStats forwardLengths = new RunningStats();
    final RunningStats backwardLengths = new RunningStats();
    final RunningStats lengths = new RunningStats();
    final RunningStats flowGaps = new RunningStats();
    final RunningStats forwardGaps = new RunningStats();
    final RunningStats backwardGaps = new RunningStats();
    final RunningStats active = new RunningStats();
    final RunningStats idle = new RunningStats();
    final Bulk forwardBulk = new Bulk();
    final Bulk backwardBulk = new Bulk();

    /** Packets with each flag, both directions: FIN, SYN, RST, PSH, ACK, URG, CWR, ECE. */
    final int[] flagCounts = new int[8];
    int forwardPsh;
    int backwardPsh;
    int forwardUrg;
    int backwardUrg;
    long forwardHeaderBytes;
    long backwardHeaderBytes;
    int initialWindowForward = -1;
    int initialWindowBackward = -1;
    long forwardDataPackets;
    int minForwardHeader = Integer.MAX_VALUE;
    int subflows = 1;
    private long activeStart;
    private long activeEnd;

    /** A new flow whose first packet is {@code p}, sent from ({@code srcPort}) to ({@code dstPort}). */
    Flow(Packet p, int srcPort, int dstPort) {
        ipv6 = p.ipv6;
        srcHigh = p.srcHigh;
        srcLow = p.srcLow;
        this.srcPort = srcPort;
        dstHigh = p.dstHigh;
        dstLow = p.dstLow;
        this.dstPort = dstPort;
        protocol = p.protocol;
        start = p.timeMicros;
        lastSeen = start;
        activeStart = start;
        activeEnd = start;
        count(p, true);
    }

    /** Whether a packet from this address and port goes the forward way. */
    boolean isForward(Packet p, int fromPort) {
        return p.srcLow == srcLow && p.srcHigh == srcHigh && fromPort == srcPort;
    }

    /** Adds a later packet; {@code activityTimeout} separates active periods from idle ones. */
    void add(Packet p, boolean forward, long activityTimeout) {
        long t = p.timeMicros;
        long gap = t - lastSeen;
        flowGaps.add(gap);
        if (gap > SUBFLOW_GAP_MICROS) {
            subflows++;
        }
        if (t - activeEnd > activityTimeout) {
            if (activeEnd - activeStart > 0) {
                active.add(activeEnd - activeStart);
            }
            idle.add(t - activeEnd);
            activeStart = t;
        }
        activeEnd = t;
        count(p, forward);
    }

    long packets() {
        return forwardLengths.count() + backwardLengths.count();
    }

    long duration() {
        return lastSeen - start;
    }

    private void count(Packet p, boolean forward) {
        long t = p.timeMicros;
        int payload = p.payloadLength;
        lengths.add(payload);
        for (int i = 0; i < 8; i++) {
            if ((p.tcpFlags & FLAG_BITS[i]) != 0) {
                flagCounts[i]++;
            }
        }
        if (forward) {
            if (forwardLengths.count() > 0) {
                forwardGaps.add(t - forwardLastSeen);
            }
            forwardLastSeen = t;
            forwardLengths.add(payload);
            forwardHeaderBytes += p.headerLength;
            forwardPsh += p.has(Packet.PSH) ? 1 : 0;
            forwardUrg += p.has(Packet.URG) ? 1 : 0;
            if (initialWindowForward < 0) {
                initialWindowForward = p.window;
            }
            forwardDataPackets += payload >= 1 ? 1 : 0;
            minForwardHeader = Math.min(minForwardHeader, p.headerLength);
            forwardBulk.add(t, payload, backwardBulk);
        } else {
            if (backwardLengths.count() > 0) {
                backwardGaps.add(t - backwardLastSeen);
            }
            backwardLastSeen = t;
            backwardLengths.add(payload);
            backwardHeaderBytes += p.headerLength;
            backwardPsh += p.has(Packet.PSH) ? 1 : 0;
            backwardUrg += p.has(Packet.URG) ? 1 : 0;
            if (initialWindowBackward < 0) {
                initialWindowBackward = p.window;
            }
            backwardBulk.add(t, payload, forwardBulk);
        }
        lastSeen = Math.max(lastSeen, t);
    }

    private static final int[] FLAG_BITS = {Packet.FIN, Packet.SYN, Packet.RST, Packet.PSH, Packet.ACK, Packet.URG,
        Packet.CWR, Packet.ECE};
}

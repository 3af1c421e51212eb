package io.vigil.engine.capture;

/**
 * The 5-tuple of a flow, the same for both directions: the two endpoints are stored in a fixed
 * order (the smaller address and port first). Mutable only while it is the lookup probe.
 */
final class FlowKey {
    long aHigh;
    long aLow;
    long bHigh;
    long bLow;
    int aPort;
    int bPort;
    int protocol;
    private int hash;

    /** Sets this key to the packet's 5-tuple; {@code srcPort}/{@code dstPort} may differ from the packet's (fragments). */
    FlowKey set(Packet p, int srcPort, int dstPort) {
        int order = Long.compare(p.srcHigh, p.dstHigh);
        if (order == 0) {
            order = Long.compare(p.srcLow, p.dstLow);
        }
        if (order == 0) {
            order = Integer.compare(srcPort, dstPort);
        }
        if (order <= 0) {
            aHigh = p.srcHigh;
            aLow = p.srcLow;
            aPort = srcPort;
            bHigh = p.dstHigh;
            bLow = p.dstLow;
            bPort = dstPort;
        } else {
            aHigh = p.dstHigh;
            aLow = p.dstLow;
            aPort = dstPort;
            bHigh = p.srcHigh;
            bLow = p.srcLow;
            bPort = srcPort;
        }
        protocol = p.protocol;
        long h = aLow * 31 + bLow;
        h = h * 31 + aHigh;
        h = h * 31 + bHigh;
        h = h * 31 + (aPort * 65_537L + bPort) * 257 + protocol;
        hash = (int) (h ^ h >>> 32);
        return this;
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.aHigh = aHigh;
        k.aLow = aLow;
        k.bHigh = bHigh;
        k.bLow = bLow;
        k.aPort = aPort;
        k.bPort = bPort;
        k.protocol = protocol;
        k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.aLow == aLow && k.bLow == bLow && k.aHigh == aHigh && k.bHigh == bHigh
                && k.aPort == aPort && k.bPort == bPort && k.protocol == protocol;
    }
}

package io.vigil.engine.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ports of fragmented datagrams, learnt from each first fragment, so that the later fragments
 * (which carry no transport header) count in the same flow. Bounded: the oldest datagrams are forgotten.
 */
final class FragmentPorts {
    static final int MAX_DATAGRAMS = 4096;

    private record Datagram(long srcHigh, long srcLow, long dstHigh, long dstLow, int protocol, long id) {
    }

    private final Map<Datagram, int[]> ports = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Datagram, int[]> eldest) {
            return size() > MAX_DATAGRAMS;
        }
    };

    void remember(Packet p) {
        ports.put(key(p), new int[] {p.srcPort, p.dstPort});
    }

    /** The {source, destination} ports of the datagram, or null when its first fragment was not seen (yet). */
    int[] find(Packet p) {
        return ports.get(key(p));
    }

    private static Datagram key(Packet p) {
        return new Datagram(p.srcHigh, p.srcLow, p.dstHigh, p.dstLow, p.protocol, p.fragmentId);
    }
}

package io.vigil.engine.capture;

/**
 * CICFlowMeter's bulk transfers in one direction: at least four packets with payload in a row, each
 * within a second of the one before, and no payload from the other side in between.
 */
final class Bulk {
    private static final long GAP_MICROS = 1_000_000;

    private boolean open;
    private long startTime;
    private long lastTime = Long.MIN_VALUE;
    private int helperPackets;
    private long helperBytes;
    private long bulks;
    private long packets;
    private long bytes;
    private long durationMicros;

    /** A packet of this direction; {@code other} is the opposite direction's state. */
    void add(long time, int payload, Bulk other) {
        if (open && other.lastTime > startTime) {
            open = false; // the other side sent data since this run started
        }
        if (payload <= 0) {
            return;
        }
        if (!open || time - lastTime > GAP_MICROS) {
            open = true;
            startTime = time;
            helperPackets = 1;
            helperBytes = payload;
        } else {
            helperPackets++;
            helperBytes += payload;
            if (helperPackets == 4) {
                bulks++;
                packets += 4;
                bytes += helperBytes;
                durationMicros += time - startTime;
            } else if (helperPackets > 4) {
                packets++;
                bytes += payload;
                durationMicros += time - lastTime;
            }
        }
        lastTime = time;
    }

    double averageBytes() {
        return bulks == 0 ? 0 : (double) bytes / bulks;
    }

    double averagePackets() {
        return bulks == 0 ? 0 : (double) packets / bulks;
    }

    /** Bytes per second over the bulks' duration. */
    double rate() {
        return durationMicros == 0 ? 0 : bytes / (durationMicros / 1e6);
    }
}

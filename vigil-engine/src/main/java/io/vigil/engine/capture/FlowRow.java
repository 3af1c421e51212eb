package io.vigil.engine.capture;

import java.time.Instant;

/** Writes a finished {@link Flow} as the cells of a row in {@link FlowColumns#NAMES} order. */
final class FlowRow {

    private FlowRow() {
    }

    static String[] of(Flow f) {
        String[] row = new String[FlowColumns.NAMES.size()];
        int i = 0;
        String src = Addresses.format(f.ipv6, f.srcHigh, f.srcLow);
        String dst = Addresses.format(f.ipv6, f.dstHigh, f.dstLow);
        row[i++] = src + "-" + dst + "-" + f.srcPort + "-" + f.dstPort + "-" + f.protocol;
        row[i++] = src;
        row[i++] = Integer.toString(f.srcPort);
        row[i++] = dst;
        row[i++] = Integer.toString(f.dstPort);
        row[i++] = Integer.toString(f.protocol);
        row[i++] = Instant.ofEpochSecond(Math.floorDiv(f.start, 1_000_000L), Math.floorMod(f.start, 1_000_000L) * 1000L).toString();
        long duration = f.duration();
        long fwdPackets = f.forwardLengths.count();
        long bwdPackets = f.backwardLengths.count();
        double fwdBytes = f.forwardLengths.sum();
        double bwdBytes = f.backwardLengths.sum();
        i = put(row, i, duration, fwdPackets, bwdPackets, fwdBytes, bwdBytes);
        i = put(row, i, f.forwardLengths.max(), f.forwardLengths.min(), f.forwardLengths.mean(), f.forwardLengths.std());
        i = put(row, i, f.backwardLengths.max(), f.backwardLengths.min(), f.backwardLengths.mean(), f.backwardLengths.std());
        // A flow of one instant has no rate: CICFlowMeter writes Infinity or NaN, which Vigil reads as missing.
        row[i++] = duration > 0 ? number(perSecond(fwdBytes + bwdBytes, duration)) : null;
        row[i++] = duration > 0 ? number(perSecond(f.packets(), duration)) : null;
        i = put(row, i, f.flowGaps.mean(), f.flowGaps.std(), f.flowGaps.max(), f.flowGaps.min());
        i = put(row, i, f.forwardGaps.sum(), f.forwardGaps.mean(), f.forwardGaps.std(), f.forwardGaps.max(), f.forwardGaps.min());
        i = put(row, i, f.backwardGaps.sum(), f.backwardGaps.mean(), f.backwardGaps.std(), f.backwardGaps.max(),
                f.backwardGaps.min());
        i = put(row, i, f.forwardPsh, f.backwardPsh, f.forwardUrg, f.backwardUrg, f.forwardHeaderBytes, f.backwardHeaderBytes);
        i = put(row, i, perSecond(fwdPackets, duration), perSecond(bwdPackets, duration));
        i = put(row, i, f.lengths.min(), f.lengths.max(), f.lengths.mean(), f.lengths.std(), f.lengths.variance());
        for (int flag : f.flagCounts) {
            row[i++] = Integer.toString(flag);
        }
        long packets = f.packets();
        i = put(row, i, fwdPackets == 0 ? 0 : bwdPackets / fwdPackets, // whole-number ratio, as CICFlowMeter
                (fwdBytes + bwdBytes) / packets, fwdPackets == 0 ? 0 : fwdBytes / fwdPackets,
                bwdPackets == 0 ? 0 : bwdBytes / bwdPackets, f.forwardHeaderBytes);
        i = put(row, i, f.forwardBulk.averageBytes(), f.forwardBulk.averagePackets(), f.forwardBulk.rate(),
                f.backwardBulk.averageBytes(), f.backwardBulk.averagePackets(), f.backwardBulk.rate());
        double subflows = f.subflows;
        i = put(row, i, fwdPackets / subflows, fwdBytes / subflows, bwdPackets / subflows, bwdBytes / subflows);
        i = put(row, i, f.initialWindowForward, f.initialWindowBackward, f.forwardDataPackets,
                f.minForwardHeader == Integer.MAX_VALUE ? 0 : f.minForwardHeader);
        i = put(row, i, f.active.mean(), f.active.std(), f.active.max(), f.active.min());
        put(row, i, f.idle.mean(), f.idle.std(), f.idle.max(), f.idle.min());
        return row;
    }

    /** {@code count} per second over {@code micros}; 0 over no time (CICFlowMeter's Fwd/Bwd Packets/s). */
    private static double perSecond(double count, long micros) {
        return micros > 0 ? count * 1e6 / micros : 0;
    }

    private static int put(String[] row, int at, double... values) {
        for (double v : values) {
            row[at++] = number(v);
        }
        return at;
    }

    /** Whole numbers without a fraction ({@code 6}, not {@code 6.0}); others as Java writes a double. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}

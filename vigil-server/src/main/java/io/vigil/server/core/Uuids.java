package io.vigil.server.core;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids made on the request path. {@link UUID#randomUUID()} draws from one shared SecureRandom, a
 * lock every request thread queues on; these ids must be unique, not secret, so ThreadLocalRandom does.
 */
public final class Uuids {
    private Uuids() {}

    /** A random id (version 4 layout). */
    public static UUID random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        return new UUID(hi, variant(r.nextLong()));
    }

    /** A time-ordered id (version 7, RFC 9562): ids sort by {@code at}, so an index on them grows at its end. */
    public static UUID timeOrdered(Instant at) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (at.toEpochMilli() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        return new UUID(hi, variant(r.nextLong()));
    }

    /** Rows of one block id: the block's first id ends in 16 zero bits, row {@code k} has {@code k} there. */
    public static final int BLOCK_ROWS = 1 << 16;

    /**
     * The first id of a block of {@link #BLOCK_ROWS} time-ordered ids: a batch's predictions are
     * logged as one row, and any one of them is found from its id by clearing the last 16 bits.
     */
    public static UUID timeOrderedBlock(Instant at) {
        UUID id = timeOrdered(at);
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits() & ~(long) (BLOCK_ROWS - 1));
    }

    /** The id {@code k} places after {@code first} in its block (the block's ids end in 0 to {@link #BLOCK_ROWS} - 1). */
    public static UUID inBlock(UUID first, int k) {
        long lsb = first.getLeastSignificantBits();
        if (k < 0 || (lsb & (BLOCK_ROWS - 1)) + k >= BLOCK_ROWS) {
            throw new IllegalArgumentException("row " + k + " after " + first + " is outside its block of " + BLOCK_ROWS);
        }
        return new UUID(first.getMostSignificantBits(), lsb + k);
    }

    private static long variant(long random) {
        return (random & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    }
}

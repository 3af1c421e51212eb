package io.vigil.server.serving.models;

import io.vigil.server.core.Uuids;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ids for one model version's single predictions, handed out in order from a block of
 * {@link Uuids#BLOCK_ROWS} time-ordered ids per millisecond. Single predictions made together
 * therefore have consecutive ids, and the prediction log writes each such run as one row of
 * {@code prediction_batches}: one tuple and two index entries for many predictions, not per
 * prediction. A new block starts when a prediction's time passes the block's millisecond or the
 * block is used up, so an id still tells its prediction's time to the millisecond. Lock-free.
 */
public final class PredictionIds {
    private final AtomicReference<Block> current = new AtomicReference<>(new Block(Uuids.timeOrderedBlock(Instant.EPOCH), 0));

    /** The next id for a prediction made at {@code at}. */
    public UUID next(Instant at) {
        long ms = at.toEpochMilli();
        while (true) {
            Block b = current.get();
            if (ms <= b.ms) { // a thread whose clock read is a little behind joins the current block
                int k = b.next.getAndIncrement();
                if (k < Uuids.BLOCK_ROWS) {
                    return Uuids.inBlock(b.first, k);
                }
            }
            current.compareAndSet(b, new Block(Uuids.timeOrderedBlock(at), Math.max(ms, b.ms)));
        }
    }

    private record Block(UUID first, long ms, AtomicInteger next) {
        Block(UUID first, long ms) {
            this(first, ms, new AtomicInteger());
        }
    }
}

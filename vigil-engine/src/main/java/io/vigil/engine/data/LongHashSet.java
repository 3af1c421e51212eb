package io.vigil.engine.data;

/**
 * An open-addressing set of longs (linear probing) with a hard size cap: 8 bytes per slot instead
 * of ~50 per boxed entry, which is what keeps exact distinct and duplicate counting cheap. Keys are
 * expected to be well-mixed hashes ({@link Hashing}), so their low bits index the table directly.
 */
final class LongHashSet {

    private static final double MAX_LOAD = 0.75;

    private final int maxSize;
    private long[] slots;
    private boolean hasZero;
    private int size;

    /** @param maxSize beyond this many elements {@link #add} reports overflow instead of growing */
    LongHashSet(int maxSize) {
        this.maxSize = maxSize;
        this.slots = new long[64];
    }

    enum Added { NEW, PRESENT, FULL }

    Added add(long key) {
        if (key == 0) {
            if (hasZero) {
                return Added.PRESENT;
            }
            if (size >= maxSize) {
                return Added.FULL;
            }
            hasZero = true;
            size++;
            return Added.NEW;
        }
        int mask = slots.length - 1;
        int i = (int) key & mask;
        long existing;
        while ((existing = slots[i]) != 0) {
            if (existing == key) {
                return Added.PRESENT;
            }
            i = (i + 1) & mask;
        }
        if (size >= maxSize) {
            return Added.FULL;
        }
        slots[i] = key;
        size++;
        if (size > slots.length * MAX_LOAD) {
            grow();
        }
        return Added.NEW;
    }

    int size() {
        return size;
    }

    /** Calls {@code action} for every element. */
    void forEach(java.util.function.LongConsumer action) {
        if (hasZero) {
            action.accept(0);
        }
        for (long key : slots) {
            if (key != 0) {
                action.accept(key);
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long key : old) {
            if (key != 0) {
                int i = (int) key & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = key;
            }
        }
    }
}

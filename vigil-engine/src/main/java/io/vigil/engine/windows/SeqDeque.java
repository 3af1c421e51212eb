package io.vigil.engine.windows;

/** A growable ring of event sequence numbers, used at both ends: the candidates for a window's minimum or maximum. */
final class SeqDeque {
    private long[] items = new long[4];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    long first() {
        return items[head];
    }

    long last() {
        return items[(head + size - 1) & (items.length - 1)];
    }

    void addLast(long seq) {
        if (size == items.length) grow();
        items[(head + size) & (items.length - 1)] = seq;
        size++;
    }

    void removeFirst() {
        head = (head + 1) & (items.length - 1);
        size--;
    }

    void removeLast() {
        size--;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        long[] bigger = new long[items.length * 2];
        for (int i = 0; i < size; i++) bigger[i] = items[(head + i) & (items.length - 1)];
        items = bigger;
        head = 0;
    }
}

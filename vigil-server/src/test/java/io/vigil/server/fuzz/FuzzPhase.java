package io.vigil.server.fuzz;

/**
 * The run alternates batches of two phases. In a refused batch every request that could change
 * something must be refused (a caller without the route's access, or damage no correct server
 * accepts), so the database and blob store must be the same after the batch as before. In an open
 * batch any caller sends anything, valid requests too, and changes are allowed.
 */
enum FuzzPhase {
    REFUSED, OPEN;

    /** The phase of case {@code index}: batches of {@code batchSize} cases, refused first, then open, in turn. */
    static FuzzPhase of(int index, int batchSize) {
        return (index / batchSize) % 2 == 0 ? REFUSED : OPEN;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

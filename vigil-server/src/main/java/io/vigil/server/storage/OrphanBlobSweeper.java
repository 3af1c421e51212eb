package io.vigil.server.storage;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Deletes blobs that nothing points to — what a crash between storing a file and recording it
 * leaves behind. Only blobs older than the cutoff go, so an upload in flight is never touched.
 */
public final class OrphanBlobSweeper {
    private OrphanBlobSweeper() {}

    /**
     * @param inUse whether any record (a dataset, a model version …) still points at a key
     * @return how many blobs were deleted
     */
    public static int sweep(BlobStore blobs, Instant cutoff, Predicate<String> inUse) throws IOException {
        List<BlobInfo> candidates;
        try (var all = blobs.list()) {
            candidates = all.filter(b -> b.createdAt().isBefore(cutoff)).toList();
        }
        int removed = 0;
        for (BlobInfo b : candidates) {
            if (!inUse.test(b.key())) {
                blobs.delete(b.key());
                removed++;
            }
        }
        return removed;
    }
}

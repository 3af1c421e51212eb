package io.vigil.server.storage.crypto;

import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-wraps every data key that an earlier master key wrapped with the current one, touching no
 * blob. Run at start: put the new key in place as the current one and keep the old one among the
 * previous keys until this has run, then the old one can go. Each row is updated only if it is
 * still wrapped by the key it was read with, so instances that run it at once agree.
 */
public final class KeyRotation {
    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
    private static final int BATCH = 500;

    /** What one run did: rows re-wrapped, and rows left because their key is not configured, by key id. */
    public record Result(int rewrapped, Map<String, Long> unreadable) {}

    private KeyRotation() {}

    public static Result run(EncryptionKeys keys, DataKeys dataKeys) {
        int rewrapped = 0;
        Set<String> skipped = new HashSet<>();
        while (true) {
            List<DataKey> batch = dataKeys.wrappedByOtherThan(keys.currentId(), BATCH + skipped.size());
            int done = 0;
            for (DataKey row : batch) {
                if (!keys.knows(row.keyId())) {
                    skipped.add(row.blobKey());
                    continue;
                }
                try {
                    if (dataKeys.rewrap(row.blobKey(), row.keyId(), keys.currentId(), keys.rewrap(row.keyId(), row.wrapped()))) {
                        rewrapped++;
                    }
                    done++;
                } catch (GeneralSecurityException e) {
                    skipped.add(row.blobKey());
                    log.atError().addKeyValue("blob", row.blobKey()).addKeyValue("keyId", row.keyId())
                            .log("data key does not unwrap with the configured key of its id: the blob cannot be read");
                }
            }
            if (done == 0) {
                break;
            }
        }
        Map<String, Long> counts = dataKeys.countByKeyId();
        counts.keySet().removeIf(keys::knows);
        if (rewrapped > 0) {
            log.atInfo().addKeyValue("rewrapped", rewrapped).addKeyValue("keyId", keys.currentId())
                    .log("blob data keys re-wrapped with the current master key");
        }
        if (!counts.isEmpty()) {
            log.atError().addKeyValue("byKeyId", counts)
                    .log("blobs whose data keys were wrapped by master keys that are not configured: they cannot be read until those keys are");
        }
        return new Result(rewrapped, Map.copyOf(counts));
    }
}

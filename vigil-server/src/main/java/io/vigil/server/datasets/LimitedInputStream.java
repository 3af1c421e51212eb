package io.vigil.server.datasets;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.io.input.ProxyInputStream;

/** Fails with {@link TooLargeException} as soon as more than {@code limit} bytes have been read. */
final class LimitedInputStream extends ProxyInputStream {
    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    protected void afterRead(int n) throws IOException {
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new TooLargeException(limit);
            }
        }
    }

    /** The upload passed the configured size limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("the upload is larger than the limit of " + (limit / (1024 * 1024)) + " MiB (VIGIL_MAX_UPLOAD_MB)");
        }
    }
}

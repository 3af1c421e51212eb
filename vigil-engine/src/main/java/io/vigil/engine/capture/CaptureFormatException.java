package io.vigil.engine.capture;

import java.io.IOException;

/**
 * A capture that cannot be read past some point: not a pcap or pcapng file, a cut record, a block
 * whose lengths disagree. The message names the byte offset (of the decompressed capture when it
 * was gzip-compressed) where the damage starts; {@link #byteOffset()} gives it to programs.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long byteOffset;

    public CaptureFormatException(String message, long byteOffset) {
        super(message);
        this.byteOffset = byteOffset;
    }

    public CaptureFormatException(String message, long byteOffset, Throwable cause) {
        super(message, cause);
        this.byteOffset = byteOffset;
    }

    /** Where the damage starts, counted from the first byte of the (decompressed) capture. */
    public long byteOffset() {
        return byteOffset;
    }
}

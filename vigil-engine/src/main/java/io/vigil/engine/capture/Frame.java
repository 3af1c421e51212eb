package io.vigil.engine.capture;

/** One captured frame as a container gives it: reused from record to record, never kept. */
final class Frame {
    /** The link-layer header type (LINKTYPE_* of tcpdump.org). */
    int linkType;
    /** Capture time in microseconds since the epoch. */
    long timeMicros;
    /** Bytes captured, in {@link #data}. */
    int capturedLength;
    /** Bytes on the wire (more than captured when the capture's snapshot length cut it). */
    long originalLength;
    /** Where the record starts in the capture. */
    long offset;
    byte[] data = new byte[2048];

    byte[] ensureCapacity(int length) {
        if (data.length < length) {
            data = new byte[Math.max(length, data.length * 2)];
        }
        return data;
    }
}

package io.vigil.engine.capture;

import java.io.IOException;

/** The records of one capture container (pcap or pcapng), in file order. */
interface FrameSource {

    /** Fills {@code frame} with the next packet; false at the clean end of the capture. */
    boolean next(Frame frame) throws IOException;

    /** "pcap" or "pcapng". */
    String containerName();
}

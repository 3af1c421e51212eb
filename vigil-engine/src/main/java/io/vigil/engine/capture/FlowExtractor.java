package io.vigil.engine.capture;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Streams a pcap or pcapng capture (gzip-compressed or not) into bidirectional flows with
 * CICFlowMeter's features, one row per flow in {@link FlowColumns#NAMES} order. Memory stays
 * bounded whatever the capture's size: a packet is decoded in place and forgotten, and the flow
 * table holds at most {@link CaptureOptions#maxOpenFlows()} flows.
 *
 * <pre>{@code
 * try (FlowExtractor flows = FlowExtractor.open(in, CaptureOptions.defaults())) {
 *     String[] row;
 *     while ((row = flows.next()) != null) { ... }
 * }
 * }</pre>
 *
 * Rows come out as flows end (FIN/RST, timeouts, the table's limit, then the end of the capture),
 * so the same bytes always give the same rows in the same order. The extractor owns the stream. Not thread-safe.
 */
public final class FlowExtractor implements Closeable {

    private final InputStream stream;
    private final CaptureInput input;
    private final FrameSource frames;
    private final boolean gzip;
    private final CaptureOptions options;
    private final FlowTable table;
    private final FragmentPorts fragmentPorts = new FragmentPorts();
    private final Frame frame = new Frame();
    private final Packet packet = new Packet();
    private boolean finished;
    private long packets;
    private long ipPackets;
    private long notIp;
    private long unsupportedLink;
    private long malformed;
    private long fragments;
    private long fragmentsWithoutFirst;
    private long flows;
    private CaptureFormatException damage;

    private FlowExtractor(InputStream stream, CaptureInput input, FrameSource frames, boolean gzip, CaptureOptions options) {
        this.stream = stream;
        this.input = input;
        this.frames = frames;
        this.gzip = gzip;
        this.options = options;
        this.table = new FlowTable(options);
    }

    /**
     * Opens a capture and reads its file header.
     *
     * @throws CaptureFormatException when the bytes are not a pcap or pcapng capture
     */
    public static FlowExtractor open(InputStream in, CaptureOptions options) throws IOException {
        Objects.requireNonNull(in, "in");
        CaptureOptions opts = options == null ? CaptureOptions.defaults() : options;
        InputStream stream = in.markSupported() ? in : new BufferedInputStream(in, 64 * 1024);
        try {
            stream.mark(2);
            boolean gzip = stream.read() == 0x1f && stream.read() == 0x8b;
            stream.reset();
            if (gzip) {
                stream = new GZIPInputStream(stream, 64 * 1024);
            }
            CaptureInput input = new CaptureInput(stream);
            byte[] magic = new byte[4];
            if (!input.readFullyOrEnd(magic, 0, 4, "the file header", 0)) {
                throw new CaptureFormatException("the capture is empty", 0);
            }
            FrameSource frames;
            if (CaptureInput.int32(magic, 0, true) == PcapNgFrames.SECTION_HEADER) {
                frames = PcapNgFrames.open(input, magic);
            } else if (CaptureFiles.isCaptureMagic(magic)) {
                frames = PcapFrames.open(input, magic);
            } else {
                throw new CaptureFormatException(String.format("the file is not a pcap or pcapng capture (it starts with "
                        + "the bytes %02x %02x %02x %02x)", magic[0], magic[1], magic[2], magic[3]), 0);
            }
            return new FlowExtractor(stream, input, frames, gzip, opts);
        } catch (IOException | RuntimeException e) {
            try {
                stream.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The columns of every row. */
    public List<String> columns() {
        return FlowColumns.NAMES;
    }

    /**
     * The next flow's row (a new array, one cell per column, null for a rate of a zero-length
     * flow), or null once every flow is out.
     *
     * @throws CaptureFormatException at damage in the capture, unless the options keep the flows before it
     */
    public String[] next() throws IOException {
        while (!table.hasEnded()) {
            if (finished) {
                return null;
            }
            if (!readPacket()) {
                table.endAll();
                finished = true;
            }
        }
        flows++;
        return FlowRow.of(table.poll());
    }

    /** What was read so far; complete once {@link #next()} returned null. */
    public CaptureSummary summary() {
        return new CaptureSummary(frames.containerName(), gzip, input.position(), packets, ipPackets, notIp, unsupportedLink,
                malformed, fragments, fragmentsWithoutFirst, flows, table.endedByLimit(),
                damage == null ? -1 : damage.byteOffset(), damage == null ? null : damage.getMessage());
    }

    private boolean readPacket() throws IOException {
        try {
            if (!frames.next(frame)) {
                return false;
            }
        } catch (CaptureFormatException e) {
            if (!options.keepFlowsBeforeDamage()) {
                throw e;
            }
            damage = e;
            return false;
        }
        packets++;
        switch (PacketDecoder.decode(frame, packet)) {
            case IP -> count(packet);
            case NOT_IP -> notIp++;
            case UNSUPPORTED_LINK -> unsupportedLink++;
            case MALFORMED -> malformed++;
        }
        return true;
    }

    private void count(Packet p) {
        ipPackets++;
        int srcPort = p.srcPort;
        int dstPort = p.dstPort;
        if (p.fragment) {
            fragments++;
            if (p.firstFragment) {
                fragmentPorts.remember(p);
            } else {
                int[] ports = fragmentPorts.find(p);
                if (ports == null) {
                    fragmentsWithoutFirst++;
                } else {
                    srcPort = ports[0];
                    dstPort = ports[1];
                }
            }
        }
        table.add(p, srcPort, dstPort);
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}

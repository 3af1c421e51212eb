package io.vigil.bench;

import io.vigil.engine.capture.CaptureOptions;
import io.vigil.engine.capture.CaptureSummary;
import io.vigil.engine.capture.FlowExtractor;
import io.vigil.engine.capture.TestPackets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Flow extraction speed: writes (once) a pcap of at least {@code --gb} GB of made-up office traffic
 * (web downloads with delayed ACKs, DNS, SYN scans; 600 connections open at a time, seeded), then
 * streams it through {@link FlowExtractor} and reports MB/s, packets/s, flows and the peak heap.
 * Run by hand (BENCHMARKS.md):
 * {@code java -Xmx256m -cp vigil-bench/target/benchmarks.jar io.vigil.bench.CaptureReport /tmp/vigil-bench.pcap 1.1}
 */
public final class CaptureReport {

    private CaptureReport() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/vigil-bench.pcap");
        double gigabytes = args.length > 1 ? Double.parseDouble(args[1]) : 1.1;
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            long[] written = write(file, (long) (gigabytes * 1e9));
            System.out.printf(Locale.ROOT, "wrote %s: %,d bytes, %,d packets in %.1f s%n", file, Files.size(file), written[0],
                    (System.nanoTime() - t) / 1e9);
        }
        for (int run = 1; run <= 2; run++) {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long start = System.nanoTime();
            CaptureSummary summary;
            long rows = 0;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
                 FlowExtractor flows = FlowExtractor.open(in, CaptureOptions.defaults())) {
                while (flows.next() != null) {
                    rows++;
                }
                summary = flows.summary();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "run %d: %,d bytes, %,d packets, %,d flows in %.1f s: %.0f MB/s, %.0f packets/s;"
                    + " peak heap %.0f MiB (max %d MiB); flows ended by the table limit %d%n", run, summary.bytesRead(),
                    summary.packets(), rows, seconds, summary.bytesRead() / 1e6 / seconds, summary.packets() / seconds,
                    peak / 1048576.0, Runtime.getRuntime().maxMemory() >> 20, summary.flowsEndedByTableLimit());
        }
    }

    /** A connection being written: its packets come one at a time, interleaved with the others'. */
    private static final class Connection {
        final List<byte[]> frames = new ArrayList<>();
        int next;
    }

    private static long[] write(Path file, long targetBytes) throws IOException {
        Random random = new Random(42);
        long packets = 0;
        long bytes = 24;
        long micros = 1_700_000_000_000_000L;
        List<Connection> open = new ArrayList<>();
        int clientPort = 1024;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
            out.write(header.array());
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes < targetBytes) {
                while (open.size() < 600) {
                    clientPort = clientPort >= 65000 ? 1024 : clientPort + 1;
                    open.add(connection(random, clientPort));
                }
                int pick = random.nextInt(open.size());
                Connection c = open.get(pick);
                byte[] frame = c.frames.get(c.next++);
                if (c.next == c.frames.size()) {
                    open.set(pick, open.get(open.size() - 1));
                    open.remove(open.size() - 1);
                }
                micros += 1 + random.nextInt(40);
                record.clear();
                record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length).putInt(frame.length);
                out.write(record.array());
                out.write(frame);
                bytes += 16 + frame.length;
                packets++;
            }
        }
        return new long[] {packets};
    }

    private static Connection connection(Random random, int clientPort) {
        Connection c = new Connection();
        String client = "10.0." + random.nextInt(4) + "." + (1 + random.nextInt(250));
        double kind = random.nextDouble();
        if (kind < 0.70) { // a web download: handshake, request, response in 1448-byte segments, ACK every other one, FIN
            String server = "198.51.100." + (1 + random.nextInt(50));
            int response = 1000 + (int) Math.min(2_000_000, -Math.log(1 - random.nextDouble()) * 60_000);
            c.frames.add(tcp(client, server, clientPort, 443, 0x02, 40, 0));
            c.frames.add(tcp(server, client, 443, clientPort, 0x12, 40, 0));
            c.frames.add(tcp(client, server, clientPort, 443, 0x10, 32, 0));
            c.frames.add(tcp(client, server, clientPort, 443, 0x18, 32, 200 + random.nextInt(700)));
            int segment = 0;
            for (int left = response; left > 0; left -= 1448) {
                c.frames.add(tcp(server, client, 443, clientPort, left <= 1448 ? 0x18 : 0x10, 32, Math.min(1448, left)));
                if (++segment % 2 == 0 || left <= 1448) {
                    c.frames.add(tcp(client, server, clientPort, 443, 0x10, 32, 0));
                }
            }
            c.frames.add(tcp(client, server, clientPort, 443, 0x11, 32, 0));
            c.frames.add(tcp(server, client, 443, clientPort, 0x11, 32, 0));
            c.frames.add(tcp(client, server, clientPort, 443, 0x10, 32, 0));
        } else if (kind < 0.95) { // DNS
            c.frames.add(TestPackets.ethernet(TestPackets.ipv4(client, "10.0.0.53", 17, TestPackets.udp(clientPort, 53,
                    30 + random.nextInt(30)))));
            c.frames.add(TestPackets.ethernet(TestPackets.ipv4("10.0.0.53", client, 17, TestPackets.udp(53, clientPort,
                    60 + random.nextInt(250)))));
        } else { // one probe of a SYN scan, answered by a RST
            int port = 1 + random.nextInt(10_000);
            c.frames.add(tcp("203.0.113.9", client, clientPort, port, 0x02, 24, 0));
            c.frames.add(tcp(client, "203.0.113.9", port, clientPort, 0x14, 20, 0));
        }
        return c;
    }

    private static byte[] tcp(String src, String dst, int srcPort, int dstPort, int flags, int header, int payload) {
        return TestPackets.ethernet(TestPackets.ipv4(src, dst, 6, TestPackets.tcp(srcPort, dstPort, flags, 64240, header, payload)));
    }
}

package io.vigil.engine.capture;

import static io.vigil.engine.capture.TestPackets.ACK;
import static io.vigil.engine.capture.TestPackets.CWR;
import static io.vigil.engine.capture.TestPackets.ECE;
import static io.vigil.engine.capture.TestPackets.FIN;
import static io.vigil.engine.capture.TestPackets.PSH;
import static io.vigil.engine.capture.TestPackets.RST;
import static io.vigil.engine.capture.TestPackets.SYN;
import static io.vigil.engine.capture.TestPackets.ethernet;
import static io.vigil.engine.capture.TestPackets.icmpEcho;
import static io.vigil.engine.capture.TestPackets.ipv4;
import static io.vigil.engine.capture.TestPackets.ipv6WithHopByHop;
import static io.vigil.engine.capture.TestPackets.tcp;
import static io.vigil.engine.capture.TestPackets.udp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Test-only: writes frames into a classic pcap (little-endian, microseconds) or a pcapng capture;
 * {@link #scenario()} is the hand-built capture whose flows the engine's tests check feature by feature.
 */
public final class TestCaptures {

    /** 1,700,000,000 s after the epoch (2023-11-14T22:13:20Z), in microseconds. */
    public static final long T0 = 1_700_000_000_000_000L;
    static final String CLIENT = "10.0.0.1";
    static final String SERVER = "10.0.0.2";


    /**
     * Flow A, client 10.0.0.1:40000 to server 10.0.0.2:80 (header bytes are the TCP header's):
     * <pre>
     *  #   t (µs)     dir  flags         header payload window
     *  1   0          fwd  SYN ECE CWR   40     0       64240
     *  2   1000       bwd  SYN ACK ECE   36     0       65160
     *  3   2000       fwd  ACK           32     0
     *  4   3000       fwd  PSH ACK       32     100
     *  5   13000      bwd  ACK           32     1000
     *  6   14000      bwd  ACK           32     1000
     *  7   15000      bwd  ACK           32     1000
     *  8   16000      bwd  PSH ACK       32     500
     *  9   6016000    fwd  ACK           32     0       (6 s of silence before it)
     * 10   6017000    fwd  FIN ACK       32     0       ends flow A, as in CICFlowMeter
     * 11   6018000    bwd  FIN ACK       32     0       starts flow B (server to client)
     * 12   6019000    fwd  ACK           32     0       joins flow B
     * </pre>
     */
    public static TestCaptures scenario() {
        TestCaptures c = new TestCaptures();
        c.add(T0, tcpFrame(CLIENT, SERVER, 40000, 80, SYN | ECE | CWR, 64240, 40, 0));
        c.add(T0 + 1000, tcpFrame(SERVER, CLIENT, 80, 40000, SYN | ACK | ECE, 65160, 36, 0));
        c.add(T0 + 2000, tcpFrame(CLIENT, SERVER, 40000, 80, ACK, 502, 32, 0));
        c.add(T0 + 3000, tcpFrame(CLIENT, SERVER, 40000, 80, PSH | ACK, 502, 32, 100));
        // Flow C: a SYN answered by a RST (20-byte headers): the RST ends it.
        c.add(T0 + 5000, tcpFrame(CLIENT, SERVER, 40001, 81, SYN, 64240, 20, 0));
        c.add(T0 + 5500, tcpFrame(SERVER, CLIENT, 81, 40001, RST | ACK, 0, 20, 0));
        c.add(T0 + 13000, tcpFrame(SERVER, CLIENT, 80, 40000, ACK, 509, 32, 1000));
        c.add(T0 + 14000, tcpFrame(SERVER, CLIENT, 80, 40000, ACK, 509, 32, 1000));
        c.add(T0 + 15000, tcpFrame(SERVER, CLIENT, 80, 40000, ACK, 509, 32, 1000));
        c.add(T0 + 16000, tcpFrame(SERVER, CLIENT, 80, 40000, PSH | ACK, 509, 32, 500));
        // Flow D: a DNS question of 30 bytes and an answer of 120 (UDP headers of 8).
        c.add(T0 + 200_000, ethernet(ipv4("10.0.0.3", "10.0.0.4", 17, udp(5353, 53, 30))));
        c.add(T0 + 200_300, ethernet(ipv4("10.0.0.4", "10.0.0.3", 17, udp(53, 5353, 120))));
        // Flow E: ping, 56 data bytes after the 8-byte ICMP header, each way.
        c.add(T0 + 300_000, ethernet(ipv4("10.0.0.5", "10.0.0.6", 1, icmpEcho(true, 56))));
        c.add(T0 + 300_800, ethernet(ipv4("10.0.0.6", "10.0.0.5", 1, icmpEcho(false, 56))));
        // Flow F: a 3000-byte UDP datagram in three IPv4 fragments (offsets 0, 1480, 2960 bytes).
        byte[] datagram = udp(7000, 9000, 3000); // 8 + 3000 bytes
        c.add(T0 + 400_000, ethernet(ipv4("10.0.0.7", "10.0.0.8", 17, 0x1234, 0x2000, slice(datagram, 0, 1480))));
        c.add(T0 + 400_100, ethernet(ipv4("10.0.0.7", "10.0.0.8", 17, 0x1234, 0x2000 | 185, slice(datagram, 1480, 2960))));
        c.add(T0 + 400_200, ethernet(ipv4("10.0.0.7", "10.0.0.8", 17, 0x1234, 370, slice(datagram, 2960, 3008))));
        // A later fragment whose first fragment is not in the capture: a flow with ports 0.
        c.add(T0 + 450_000, ethernet(ipv4("10.0.0.7", "10.0.0.8", 17, 0x9999, 185, new byte[100])));
        // Flow H over IPv6 with a hop-by-hop header: SYN, then RST.
        c.add(T0 + 500_000, ethernet(ipv6WithHopByHop("2001:db8::1", "2001:db8::2", 6, tcp(5000, 443, SYN, 1000, 20, 0))));
        c.add(T0 + 500_200, ethernet(ipv6WithHopByHop("2001:db8::2", "2001:db8::1", 6, tcp(443, 5000, RST | ACK, 0, 20, 0))));
        // Flow G: UDP at 1 s and 51 s; its packet at 131 s is more than 120 s after its start: a new flow.
        c.add(T0 + 1_000_000, ethernet(ipv4("10.0.0.9", "10.0.0.10", 17, udp(1111, 2222, 10))));
        c.add(T0 + 6_016_000, tcpFrame(CLIENT, SERVER, 40000, 80, ACK, 502, 32, 0));
        c.add(T0 + 6_017_000, tcpFrame(CLIENT, SERVER, 40000, 80, FIN | ACK, 502, 32, 0));
        c.add(T0 + 6_018_000, tcpFrame(SERVER, CLIENT, 80, 40000, FIN | ACK, 500, 32, 0));
        c.add(T0 + 6_019_000, tcpFrame(CLIENT, SERVER, 40000, 80, ACK, 502, 32, 0));
        c.add(T0 + 51_000_000, ethernet(ipv4("10.0.0.9", "10.0.0.10", 17, udp(1111, 2222, 20))));
        c.add(T0 + 131_000_000, ethernet(ipv4("10.0.0.10", "10.0.0.9", 17, udp(2222, 1111, 40))));
        return c;
    }

    public static byte[] tcpFrame(String src, String dst, int srcPort, int dstPort, int flags, int window, int header, int payload) {
        return ethernet(ipv4(src, dst, 6, tcp(srcPort, dstPort, flags, window, header, payload)));
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    /** One frame and its capture time in microseconds since the epoch. */
    public record Captured(long micros, byte[] frame) {
    }

    private final List<Captured> frames = new ArrayList<>();

    public TestCaptures add(long micros, byte[] frame) {
        frames.add(new Captured(micros, frame));
        return this;
    }

    public List<Captured> frames() {
        return frames;
    }

    /** pcap: the 24-byte header (link type 1, Ethernet), then 16 bytes and the frame per packet. */
    public byte[] pcap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(header.array());
        for (Captured c : frames) {
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) (c.micros() / 1_000_000)).putInt((int) (c.micros() % 1_000_000))
                    .putInt(c.frame().length).putInt(c.frame().length);
            out.writeBytes(record.array());
            out.writeBytes(c.frame());
        }
        return out.toByteArray();
    }

    /** Where each packet record starts in {@link #pcap()}. */
    public long pcapRecordOffset(int index) {
        long at = 24;
        for (int i = 0; i < index; i++) {
            at += 16 + frames.get(i).frame().length;
        }
        return at;
    }

    /**
     * pcapng, big-endian: a section header, an interface description (Ethernet, timestamps in
     * nanoseconds by {@code if_tsresol} = 9), a name-resolution block to skip, and one enhanced packet block per frame.
     */
    public byte[] pcapng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block(out, 0x0A0D0D0A, ByteBuffer.allocate(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1).array());
        block(out, 1, ByteBuffer.allocate(16).putShort((short) 1).putShort((short) 0).putInt(0)
                .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).array());
        block(out, 4, new byte[] {0, 0, 0, 0}); // name resolution block with only its end marker
        for (Captured c : frames) {
            long nanos = c.micros() * 1000;
            int padded = (c.frame().length + 3) / 4 * 4;
            ByteBuffer body = ByteBuffer.allocate(20 + padded);
            body.putInt(0).putInt((int) (nanos >>> 32)).putInt((int) nanos).putInt(c.frame().length)
                    .putInt(c.frame().length).put(c.frame());
            block(out, 6, body.array());
        }
        return out.toByteArray();
    }

    private static void block(ByteArrayOutputStream out, int type, byte[] body) {
        int total = 12 + body.length;
        out.writeBytes(ByteBuffer.allocate(8).putInt(type).putInt(total).array());
        out.writeBytes(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt(total).array());
    }

    public static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}

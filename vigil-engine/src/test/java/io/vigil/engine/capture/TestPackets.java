package io.vigil.engine.capture;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Test-only: builds Ethernet frames with IPv4/IPv6 and TCP/UDP/ICMP headers byte by byte, so that a
 * test knows every length and flag of the packets it captures. Checksums are left at zero (flows do
 * not read them).
 */
public final class TestPackets {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private TestPackets() {
    }

    /** A TCP segment: a header of {@code headerBytes} (20 + options, a multiple of 4) and {@code payload} zero bytes. */
    public static byte[] tcp(int srcPort, int dstPort, int flags, int window, int headerBytes, int payload) {
        ByteBuffer b = ByteBuffer.allocate(headerBytes + payload);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(1000).putInt(2000);
        b.put((byte) (headerBytes / 4 << 4)).put((byte) flags).putShort((short) window).putInt(0);
        for (int i = 20; i < headerBytes; i++) {
            b.put((byte) 1); // NOP options
        }
        return b.array();
    }

    public static byte[] udp(int srcPort, int dstPort, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload)).putShort((short) 0);
        return b.array();
    }

    /** An ICMP echo request (type 8) or reply (type 0) with {@code payload} data bytes. */
    public static byte[] icmpEcho(boolean request, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.put((byte) (request ? 8 : 0)).put((byte) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1);
        return b.array();
    }

    /** An IPv4 packet around {@code payload}; {@code flagsAndOffset} holds MF (0x2000) and the offset in 8-byte units. */
    public static byte[] ipv4(String src, String dst, int protocol, int id, int flagsAndOffset, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id)
                .putShort((short) flagsAndOffset).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(address(src)).put(address(dst)).put(payload);
        return b.array();
    }

    public static byte[] ipv4(String src, String dst, int protocol, byte[] payload) {
        return ipv4(src, dst, protocol, 1, 0x4000, payload);
    }

    /** An IPv6 packet with a hop-by-hop options header (8 bytes) before {@code payload}. */
    public static byte[] ipv6WithHopByHop(String src, String dst, int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + payload.length);
        b.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 0).put((byte) 64)
                .put(address(src)).put(address(dst));
        b.put((byte) protocol).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0}); // PadN option
        b.put(payload);
        return b.array();
    }

    public static byte[] ethernet(byte[] ip) {
        int etherType = (ip[0] & 0xf0) == 0x60 ? 0x86DD : 0x0800;
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) etherType).put(ip);
        return b.array();
    }

    public static byte[] address(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

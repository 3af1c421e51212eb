package io.vigil.engine.capture;

/**
 * Decodes the headers flows need: the link layer (Ethernet with 802.1Q/802.1ad tags, Linux cooked
 * v1 and v2, BSD loopback, raw IP), IPv4 (options, fragments) and IPv6 (extension headers, the
 * fragment header), then TCP, UDP and ICMP. Lengths come from the IP header, so a capture cut by its
 * snapshot length still counts every byte on the wire; the headers themselves must be captured.
 */
final class PacketDecoder {

    /** What became of a frame. */
    enum Outcome { IP, NOT_IP, UNSUPPORTED_LINK, MALFORMED }

    private static final long V4_MAPPED = 0xFFFF_0000_0000L;

    private PacketDecoder() {
    }

    static Outcome decode(Frame frame, Packet p) {
        p.clear();
        p.timeMicros = frame.timeMicros;
        byte[] b = frame.data;
        int length = frame.capturedLength;
        int at;
        int etherType;
        switch (frame.linkType) {
            case 1 -> { // Ethernet
                if (length < 14) {
                    return Outcome.MALFORMED;
                }
                etherType = u16(b, 12);
                at = 14;
                while ((etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) && at + 4 <= length) {
                    etherType = u16(b, at + 2);
                    at += 4;
                }
            }
            case 113 -> { // Linux cooked capture v1
                if (length < 16) {
                    return Outcome.MALFORMED;
                }
                etherType = u16(b, 14);
                at = 16;
            }
            case 276 -> { // Linux cooked capture v2 (tcpdump -i any)
                if (length < 20) {
                    return Outcome.MALFORMED;
                }
                etherType = u16(b, 0);
                at = 20;
            }
            case 0, 108 -> { // BSD loopback: a 4-byte address family, host order (0) or network order (108)
                if (length < 4) {
                    return Outcome.MALFORMED;
                }
                int family = frame.linkType == 108 ? u16(b, 2) | u16(b, 0) << 16
                        : Math.max(b[0] & 0xff | (b[1] & 0xff) << 8, (b[3] & 0xff) | (b[2] & 0xff) << 8);
                etherType = family == 2 ? 0x0800 : family == 24 || family == 28 || family == 30 ? 0x86DD : -1;
                at = 4;
            }
            case 101, 12, 14, 228, 229 -> { // raw IP
                if (length < 1) {
                    return Outcome.MALFORMED;
                }
                int version = (b[0] & 0xff) >>> 4;
                etherType = version == 4 ? 0x0800 : version == 6 ? 0x86DD : -1;
                at = 0;
            }
            default -> {
                return Outcome.UNSUPPORTED_LINK;
            }
        }
        if (etherType == 0x0800) {
            return ipv4(b, at, length, p);
        }
        if (etherType == 0x86DD) {
            return ipv6(b, at, length, p);
        }
        return Outcome.NOT_IP;
    }

    private static Outcome ipv4(byte[] b, int at, int end, Packet p) {
        if (end - at < 20 || (b[at] & 0xf0) != 0x40) {
            return Outcome.MALFORMED;
        }
        int headerLength = (b[at] & 0x0f) * 4;
        int totalLength = u16(b, at + 2);
        if (totalLength == 0) {
            totalLength = end - at; // segmentation offload: the NIC fills the length in later
        }
        if (headerLength < 20 || totalLength < headerLength || end - at < headerLength) {
            return Outcome.MALFORMED;
        }
        int flagsAndOffset = u16(b, at + 6);
        int fragmentOffset = flagsAndOffset & 0x1fff;
        boolean moreFragments = (flagsAndOffset & 0x2000) != 0;
        p.protocol = b[at + 9] & 0xff;
        p.srcLow = V4_MAPPED | u32(b, at + 12);
        p.dstLow = V4_MAPPED | u32(b, at + 16);
        if (moreFragments || fragmentOffset != 0) {
            p.fragment = true;
            p.firstFragment = fragmentOffset == 0;
            p.fragmentId = u16(b, at + 4);
        }
        return transport(b, at + headerLength, end, totalLength - headerLength, p);
    }

    private static Outcome ipv6(byte[] b, int at, int end, Packet p) {
        if (end - at < 40 || (b[at] & 0xf0) != 0x60) {
            return Outcome.MALFORMED;
        }
        p.ipv6 = true;
        int payload = u16(b, at + 4);
        if (payload == 0) {
            payload = end - at - 40; // a jumbogram or offload: take what was captured
        }
        int next = b[at + 6] & 0xff;
        p.srcHigh = u64(b, at + 8);
        p.srcLow = u64(b, at + 16);
        p.dstHigh = u64(b, at + 24);
        p.dstLow = u64(b, at + 32);
        int cursor = at + 40;
        while (true) {
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination options, mobility, HIP, shim6
                    if (end - cursor < 8) {
                        return Outcome.MALFORMED;
                    }
                    int size = 8 + (b[cursor + 1] & 0xff) * 8;
                    next = b[cursor] & 0xff;
                    cursor += size;
                    payload -= size;
                }
                case 44 -> { // fragment header
                    if (end - cursor < 8) {
                        return Outcome.MALFORMED;
                    }
                    int offsetAndFlags = u16(b, cursor + 2);
                    p.fragment = true;
                    p.firstFragment = (offsetAndFlags & 0xfff8) == 0;
                    p.fragmentId = u32(b, cursor + 4);
                    next = b[cursor] & 0xff;
                    cursor += 8;
                    payload -= 8;
                }
                case 51 -> { // authentication header
                    if (end - cursor < 8) {
                        return Outcome.MALFORMED;
                    }
                    int size = ((b[cursor + 1] & 0xff) + 2) * 4;
                    next = b[cursor] & 0xff;
                    cursor += size;
                    payload -= size;
                }
                default -> {
                    if (payload < 0) {
                        return Outcome.MALFORMED;
                    }
                    p.protocol = next;
                    return transport(b, cursor, end, payload, p);
                }
            }
        }
    }

    /** {@code ipPayload}: bytes after the IP header(s) on the wire, from the IP lengths. */
    private static Outcome transport(byte[] b, int at, int end, int ipPayload, Packet p) {
        if (p.fragment && !p.firstFragment) {
            p.payloadLength = ipPayload; // no transport header here: its ports come from the first fragment
            return Outcome.IP;
        }
        switch (p.protocol) {
            case Packet.TCP -> {
                if (end - at < 20) {
                    return Outcome.MALFORMED;
                }
                p.srcPort = u16(b, at);
                p.dstPort = u16(b, at + 2);
                p.headerLength = ((b[at + 12] & 0xff) >>> 4) * 4;
                p.tcpFlags = b[at + 13] & 0xff;
                p.window = u16(b, at + 14);
            }
            case Packet.UDP -> {
                if (end - at < 8) {
                    return Outcome.MALFORMED;
                }
                p.srcPort = u16(b, at);
                p.dstPort = u16(b, at + 2);
                p.headerLength = 8;
            }
            case 1, 58 -> p.headerLength = Math.min(8, ipPayload); // ICMP, ICMPv6: type, code, checksum, 4 more
            default -> p.headerLength = 0;
        }
        if (p.headerLength > ipPayload || p.protocol == Packet.TCP && p.headerLength < 20) {
            return Outcome.MALFORMED;
        }
        p.payloadLength = ipPayload - p.headerLength;
        return Outcome.IP;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16 | u16(b, at + 2)) & 0xffffffffL;
    }

    private static long u64(byte[] b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }
}

package io.vigil.engine.capture;

/**
 * What a flow needs of one IP packet, decoded from a {@link Frame}; reused from packet to packet.
 * Addresses are 128 bits in two longs: IPv4 as its IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}).
 */
final class Packet {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;
    static final int ECE = 0x40;
    static final int CWR = 0x80;

    static final int TCP = 6;
    static final int UDP = 17;

    long timeMicros;
    boolean ipv6;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int protocol;
    int srcPort;
    int dstPort;
    /** TCP flags; 0 for other protocols. */
    int tcpFlags;
    /** The TCP window field, or -1. */
    int window;
    /** Bytes of the transport header (TCP with options, UDP 8, ICMP 8); 0 in a later fragment. */
    int headerLength;
    /** Bytes after the transport header, from the IP lengths (not the captured length). */
    int payloadLength;
    /** A piece of a fragmented IP datagram. */
    boolean fragment;
    /** The piece at offset 0, which carries the transport header. */
    boolean firstFragment;
    long fragmentId;

    boolean has(int flag) {
        return (tcpFlags & flag) != 0;
    }

    void clear() {
        ipv6 = false;
        srcHigh = srcLow = dstHigh = dstLow = 0;
        protocol = srcPort = dstPort = tcpFlags = headerLength = payloadLength = 0;
        window = -1;
        fragment = firstFragment = false;
        fragmentId = 0;
    }
}

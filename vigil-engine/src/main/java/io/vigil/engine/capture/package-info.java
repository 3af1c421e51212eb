/**
 * Packet captures to flows: {@link io.vigil.engine.capture.FlowExtractor} streams a pcap or pcapng
 * file (gzip-compressed or not) into bidirectional 5-tuple flows with CICFlowMeter's features under
 * CIC-IDS2017's column names ({@link io.vigil.engine.capture.FlowColumns}), in bounded memory.
 * The containers (pcap-savefile(5) and pcapng) and the headers flows need (Ethernet, Linux cooked,
 * loopback, raw IP; IPv4, IPv6; TCP, UDP, ICMP) are read here, with every error naming its byte offset
 * ({@link io.vigil.engine.capture.CaptureFormatException}). No other engine package is used.
 */
package io.vigil.engine.capture;

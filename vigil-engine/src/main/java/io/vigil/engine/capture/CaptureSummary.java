package io.vigil.engine.capture;

/**
 * What a {@link FlowExtractor} read so far.
 *
 * @param container        "pcap" or "pcapng"
 * @param gzip             the capture was gzip-compressed
 * @param bytesRead        bytes of the (decompressed) capture read
 * @param packets          packet records read
 * @param ipPackets        packets counted into flows (IPv4 and IPv6)
 * @param notIpPackets     frames of other protocols (ARP, LLDP, ...): not flows
 * @param unsupportedLinkPackets frames of a link type Vigil does not decode
 * @param malformedPackets IP packets whose headers are cut or inconsistent: skipped
 * @param fragments        IP fragments (each counted as a packet of its datagram's flow)
 * @param fragmentsWithoutFirst later fragments whose first fragment was not seen: counted in a flow with ports 0
 * @param flows            flows returned
 * @param flowsEndedByTableLimit flows ended early because the flow table was full
 * @param damageOffset     where the capture is damaged when it was read up to there
 *                         ({@link CaptureOptions#keepFlowsBeforeDamage()}), else -1
 * @param damage           what the damage is, or null
 */
public record CaptureSummary(String container, boolean gzip, long bytesRead, long packets, long ipPackets,
                             long notIpPackets, long unsupportedLinkPackets, long malformedPackets, long fragments,
                             long fragmentsWithoutFirst, long flows, long flowsEndedByTableLimit, long damageOffset,
                             String damage) {
}

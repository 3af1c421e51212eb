package io.vigil.server.securityevents;

import java.util.List;
import java.util.Map;

/**
 * The entity keys of a raw record, read from the field names security data uses for them (Zeek,
 * Suricata, CIC flows, NetFlow, common CSV headers); the first present name wins. Records without
 * any (NSL-KDD has none) make events with no entity, grouped into no incident, unless the client
 * adds one of these fields.
 */
record Entities(String sourceHost, String destinationHost, String assetId, String userName) {
    static final List<String> SOURCE = List.of("src_ip", "source_ip", "srcip", "src", "sourceHost", "source_host", "Source IP", "id.orig_h",
            "saddr", "client_ip");
    static final List<String> DESTINATION = List.of("dst_ip", "dest_ip", "destination_ip", "dstip", "dst", "destinationHost",
            "destination_host", "Destination IP", "id.resp_h", "daddr", "server_ip");
    static final List<String> ASSET = List.of("asset", "asset_id", "assetId", "host", "hostname", "device");
    static final List<String> USER = List.of("user", "username", "user_name", "userName", "account");
    static final int MAX_LENGTH = 256;

    static Entities of(Map<String, Object> record) {
        return new Entities(first(record, SOURCE), first(record, DESTINATION), first(record, ASSET), first(record, USER));
    }

    private static String first(Map<String, Object> record, List<String> names) {
        for (String name : names) {
            Object v = record.get(name);
            if (v instanceof String s && !s.isBlank() && s.length() <= MAX_LENGTH && s.indexOf('\0') < 0) {
                return s.strip();
            }
        }
        return null;
    }
}

package io.vigil.server.serving.scoring;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of a record that name who it is about rather than describe it: source and destination
 * hosts, asset, user, under the names security data gives them (Zeek, Suricata, CIC flows, NetFlow,
 * common CSV headers). A record may carry them beside a model's inputs without being refused: the
 * model does not read them, its verdict's security event keeps them as its entity keys.
 */
public final class EntityFields {
    public static final List<String> SOURCE = List.of("src_ip", "source_ip", "srcip", "src", "sourceHost", "source_host", "Source IP",
            "id.orig_h", "saddr", "client_ip");
    public static final List<String> DESTINATION = List.of("dst_ip", "dest_ip", "destination_ip", "dstip", "dst", "destinationHost",
            "destination_host", "Destination IP", "id.resp_h", "daddr", "server_ip");
    public static final List<String> ASSET = List.of("asset", "asset_id", "assetId", "host", "hostname", "device");
    public static final List<String> USER = List.of("user", "username", "user_name", "userName", "account");
    private static final Set<String> ALL = new HashSet<>();

    static {
        ALL.addAll(SOURCE);
        ALL.addAll(DESTINATION);
        ALL.addAll(ASSET);
        ALL.addAll(USER);
    }

    private EntityFields() {}

    /** Whether {@code field} names an entity (and so, when the model has no input of that name, is kept and not refused). */
    public static boolean isEntityKey(String field) {
        return ALL.contains(field);
    }
}

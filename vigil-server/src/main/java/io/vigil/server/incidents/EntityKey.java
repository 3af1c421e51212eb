package io.vigil.server.incidents;

import io.vigil.server.securityevents.SecurityEvent;

/**
 * What an event is grouped by: the first of its source host (who acts), asset, user and destination
 * host. A scan or brute force from one address against many hosts is one incident of its source.
 */
record EntityKey(String kind, String value) {

    static EntityKey of(SecurityEvent e) {
        if (present(e.sourceHost())) return new EntityKey("source_host", e.sourceHost());
        if (present(e.assetId())) return new EntityKey("asset", e.assetId());
        if (present(e.userName())) return new EntityKey("user", e.userName());
        if (present(e.destinationHost())) return new EntityKey("destination_host", e.destinationHost());
        return null;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** The words an incident's title uses for it. */
    String words() {
        return switch (kind) {
            case "source_host" -> "from " + value;
            case "destination_host" -> "against " + value;
            case "asset" -> "on asset " + value;
            default -> "by user " + value;
        };
    }
}

package io.vigil.server.securityevents;

import io.vigil.server.serving.scoring.EntityFields;
import java.util.List;
import java.util.Map;

/**
 * The entity keys of a raw record, read from the field names security data uses for them
 * ({@link EntityFields}); the first present name wins. Records without
 * any (NSL-KDD has none) make events with no entity, grouped into no incident, unless the client
 * adds one of these fields.
 */
record Entities(String sourceHost, String destinationHost, String assetId, String userName) {
    static final int MAX_LENGTH = 256;

    static Entities of(Map<String, Object> record) {
        return new Entities(first(record, EntityFields.SOURCE), first(record, EntityFields.DESTINATION), first(record, EntityFields.ASSET),
                first(record, EntityFields.USER));
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

package io.vigil.server.detections;

import io.vigil.server.incidents.ReportPorts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A model version's state around a time, for incident reports, from what monitoring stored: its
 * name; its health ({@code model_health}: the status and since when, when that covers the time);
 * and the alerts on it that were firing then ({@code alerts}), drift's apart. No alert of a kind
 * firing is "none"; a health status changed after the time is reported as unknown then.
 */
final class ModelStatesAtTime implements ReportPorts.ModelStates {
    private final Jdbi jdbi;

    ModelStatesAtTime(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Map<String, Object> state(UUID id, int version, Instant at) {
        return jdbi.withHandle(h -> {
            Map<String, Object> out = new LinkedHashMap<>();
            h.createQuery("select name from models where id = :id").bind("id", id).mapTo(String.class).findOne()
                    .ifPresent(n -> out.put("name", n));
            h.createQuery("select status, version, changed_at from model_health where model_id = :id").bind("id", id)
                    .map((rs, ctx) -> {
                        Instant changed = rs.getObject("changed_at", OffsetDateTime.class).toInstant();
                        boolean covers = !changed.isAfter(at) && rs.getInt("version") == version;
                        return covers ? rs.getString("status") + " (since " + changed + ")" : "unknown then";
                    }).findOne().ifPresent(s -> out.put("health", s));
            List<Map<String, Object>> firing = h.createQuery("select kind, rule_name, severity, summary from alerts where model_id = :id"
                            + " and first_seen <= :at and (resolved_at is null or resolved_at >= :at) order by first_seen")
                    .bind("id", id).bind("at", at)
                    .map((rs, ctx) -> Map.<String, Object>of("kind", rs.getString("kind"), "rule", rs.getString("rule_name"),
                            "severity", rs.getString("severity"), "summary", rs.getString("summary"))).list();
            List<Map<String, Object>> drift = firing.stream().filter(a -> String.valueOf(a.get("kind")).startsWith("drift")).toList();
            out.put("drift", drift.isEmpty() ? "no drift alert firing" : "drifted: " + drift.get(0).get("summary"));
            out.put("alertsFiring", firing);
            return out;
        });
    }
}

package io.vigil.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.persistence.Notifications;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What tells the other instances sharing the database that a deploy, rollback or retire changed
 * what serves a slot: a {@code NOTIFY} on {@link #CHANNEL}, sent in the move's transaction (so it
 * is heard after the commit, and never for a move rolled back), naming the slot and the models
 * involved, and the instance that made it. Every other instance hands it to its
 * {@link DeploymentListener}s' {@code servingChanged}; the instance that made the move hears it too
 * and skips it: its own listeners followed the move before it answered, and acting again later would
 * drop what was cached since (a prediction cached just after a deploy, say).
 */
public final class DeploymentNotices {
    public static final String CHANNEL = "vigil_deployments";

    /** A notice as heard: the slot, the models whose serving changed, and the instance that changed it. */
    public record Notice(String modelType, Set<UUID> modelIds, UUID origin) {

        /** True when {@code instance} made this move (see {@code Notifications.instance()}). */
        public boolean madeBy(UUID instance) {
            return instance.equals(origin);
        }
    }

    private DeploymentNotices() {}

    static void announce(Handle h, UUID origin, String modelType, Set<UUID> modelIds) {
        // a slot name and a few ids: far below the payload limit (model types are short names)
        Notifications.notify(h, CHANNEL, Json.write(new Notice(modelType, modelIds, origin)));
    }

    /** The notice in {@code payload}; empty when it is not one (a newer or older Vigil's). */
    public static Optional<Notice> parse(String payload) {
        try {
            JsonNode node = Json.readTree(payload);
            Set<UUID> ids = new LinkedHashSet<>();
            node.path("modelIds").forEach(id -> ids.add(UUID.fromString(id.asText())));
            String type = node.path("modelType").asText(null);
            String origin = node.path("origin").asText(null);
            return type == null || origin == null ? Optional.empty() : Optional.of(new Notice(type, ids, UUID.fromString(origin)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

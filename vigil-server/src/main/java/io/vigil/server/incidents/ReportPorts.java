package io.vigil.server.incidents;

import io.vigil.server.securityevents.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What an incident report asks of the rest of Vigil, plugged in by the wiring. */
public final class ReportPorts {
    private ReportPorts() {}

    /** A model version's name, and its drift and health as monitoring knew them around a time. */
    @FunctionalInterface
    public interface ModelStates {
        ModelStates NONE = (id, version, at) -> Map.of();

        /** What is known of model {@code id} version {@code version} at {@code at}: name, health, drift; empty when nothing. */
        Map<String, Object> state(UUID id, int version, Instant at);
    }

    /** The stored events most like one event, most similar first: the search index. */
    @FunctionalInterface
    public interface SimilarEvents {
        SimilarEvents NONE = (event, k) -> List.of();

        List<Similar> similar(SecurityEvent event, int k);
    }

    /** One similar event and how alike it is (cosine similarity of standardised feature vectors, 1 = the same). */
    public record Similar(UUID eventId, double similarity) {}
}

package io.vigil.server.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One revision of a section, as stored and as answered: its whole value, who changed it, when and
 * why, and for a rollback the revision whose value it took. Revision 0 is the start-time default:
 * not stored, no author.
 *
 * @param rolledBackFrom the revision a rollback copied; null for a plain change
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SettingsRevision(String section, int revision, JsonNode value, String changedBy, Instant changedAt,
                               String reason, Integer rolledBackFrom) {}

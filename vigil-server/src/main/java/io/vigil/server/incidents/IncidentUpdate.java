package io.vigil.server.incidents;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;

/**
 * The body of {@code PATCH /ml/incidents/{id}}: a new status, an assignee (an empty text unassigns),
 * and a note saying why; at least one of status and assignee.
 */
public record IncidentUpdate(String status, String assignee, String note) {
    static final int NOTE_LENGTH = 10_000;

    void check() {
        FieldErrors errors = new FieldErrors();
        if (status == null && assignee == null) {
            errors.add("status", "give a status, an assignee, or both");
        }
        if (status != null && !Incident.STATUSES.contains(status)) {
            errors.add("status", "must be one of " + Incident.STATUSES);
        }
        if (assignee != null && !assignee.isEmpty()) {
            errors.name("assignee", assignee, RequestLimits.NAME_LENGTH);
        }
        IncidentUpdate.checkNote(errors, "note", note, false);
        errors.throwIfAny();
    }

    static void checkNote(FieldErrors errors, String field, String note, boolean required) {
        if (note == null) {
            if (required) errors.add(field, "is required");
            return;
        }
        if (required && note.isBlank()) {
            errors.add(field, "must not be blank");
            return;
        }
        errors.text(field, note, NOTE_LENGTH);
    }
}

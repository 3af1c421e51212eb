package io.vigil.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A 4xx/5xx answer. The server sends RFC 7807 problem documents; anything else (a proxy's HTML
 * page, say) is reported by its status and first line.
 */
public final class ServerError extends Exception {
    private final int status;
    private final String detail;
    private final List<String> fieldErrors;

    private ServerError(int status, String detail, List<String> fieldErrors) {
        super("HTTP " + status + ": " + detail);
        this.status = status;
        this.detail = detail;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    static ServerError from(int status, String body) {
        JsonNode problem;
        try {
            problem = Json.parse(body);
        } catch (RuntimeException notJson) {
            problem = null;
        }
        if (problem == null || !problem.isObject()) {
            String firstLine = body == null ? "" : body.strip().lines().findFirst().orElse("");
            return new ServerError(status, ("HTTP " + status + " " + firstLine).strip(), List.of());
        }
        String detail = text(problem, "detail");
        if (detail == null) detail = text(problem, "title");
        if (detail == null) detail = "HTTP " + status;
        List<String> fields = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            String field = text(error, "field");
            String message = text(error, "message");
            fields.add(field == null ? String.valueOf(message) : field + ": " + message);
        }
        return new ServerError(status, detail, fields);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public int status() {
        return status;
    }

    /** The problem's {@code detail} (else its title). */
    public String detail() {
        return detail;
    }

    /** Each invalid field as "field: message". */
    public List<String> fieldErrors() {
        return fieldErrors;
    }
}

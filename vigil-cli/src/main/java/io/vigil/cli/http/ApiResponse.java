package io.vigil.cli.http;

import com.fasterxml.jackson.databind.JsonNode;

/** One successful (2xx) answer of the server: its status and body as received. */
public record ApiResponse(int status, String body) {

    /** The body parsed as JSON; an empty body (204) is a JSON null. */
    public JsonNode json() {
        return Json.parse(body);
    }
}

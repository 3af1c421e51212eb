package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.ApiResponse;
import java.io.PrintWriter;
import java.util.function.BiConsumer;

/** What one command runs with: the API, where to print, and whether to print JSON instead of tables. */
public record Session(ApiClient api, PrintWriter out, PrintWriter err, boolean json) {

    /** Prints the server's answer exactly as received (for --json). */
    public void printJson(ApiResponse response) {
        out.println(response.body().strip());
    }

    /** Prints the answer as received with --json, else through {@code view}; the command succeeded. */
    public int show(ApiResponse response, BiConsumer<JsonNode, PrintWriter> view) {
        if (json) printJson(response);
        else view.accept(response.json(), out);
        return ExitCodes.OK;
    }
}

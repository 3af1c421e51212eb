package io.vigil.cli;

import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.ApiResponse;
import java.io.PrintWriter;

/** What one command runs with: the API, where to print, and whether to print JSON instead of tables. */
public record Session(ApiClient api, PrintWriter out, PrintWriter err, boolean json) {

    /** Prints the server's answer exactly as received (for --json). */
    public void printJson(ApiResponse response) {
        out.println(response.body().strip());
    }
}

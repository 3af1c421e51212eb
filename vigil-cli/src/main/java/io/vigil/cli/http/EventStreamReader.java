package io.vigil.cli.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;

/** Reads Server-Sent Events (the text/event-stream format) one at a time. */
public final class EventStreamReader {
    private final BufferedReader lines;

    public EventStreamReader(BufferedReader lines) {
        this.lines = lines;
    }

    /** The next event, or empty at the end of the stream. Comments (":" lines, keep-alives) are skipped. */
    public Optional<ServerSentEvent> next() throws IOException {
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) return Optional.of(new ServerSentEvent(type == null ? "message" : type, data.toString()));
                type = null;
                continue;
            }
            if (line.startsWith(":")) continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            if (field.equals("event")) {
                type = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        // a last event without its blank line still counts
        return data == null ? Optional.empty() : Optional.of(new ServerSentEvent(type == null ? "message" : type, data.toString()));
    }
}

package io.vigil.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Detections to ingest from a file: a JSON array of events, an object {@code {"events": [...]}},
 * or JSON Lines of events; each passed on as it is for the server to check field by field.
 */
final class EventsFile {
    /** Events per request: the server takes at most 1,000. */
    static final int PER_REQUEST = 1000;

    private EventsFile() {}

    /** The events of {@code file} ({@code -} for stdin). */
    static ArrayNode read(String file) throws IOException, CliException {
        List<JsonNode> values = new ArrayList<>();
        try (BufferedReader reader = TextInputs.openNamed(file);
             MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(reader)) {
            while (it.hasNextValue()) values.add(it.nextValue());
        } catch (JsonProcessingException e) {
            throw new CliException(file + " is not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")",
                    ExitCodes.USAGE);
        }
        ArrayNode events;
        if (values.size() == 1 && values.get(0).isArray()) {
            events = (ArrayNode) values.get(0);
        } else if (values.size() == 1 && values.get(0).path("events").isArray()) {
            events = (ArrayNode) values.get(0).get("events");
        } else {
            events = Json.MAPPER.createArrayNode();
            values.forEach(events::add);
        }
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).isObject()) {
                throw new CliException(file + ": event " + (i + 1) + " is not a JSON object: give an array of events,"
                        + " {\"events\": [...]} or one event per line", ExitCodes.USAGE);
            }
        }
        if (events.isEmpty()) throw new CliException(file + " holds no events", ExitCodes.USAGE);
        return events;
    }

    /** The events in requests of at most {@link #PER_REQUEST}. */
    static List<ArrayNode> batches(ArrayNode events) {
        List<ArrayNode> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); from += PER_REQUEST) {
            ArrayNode batch = Json.MAPPER.createArrayNode();
            for (int i = from; i < Math.min(events.size(), from + PER_REQUEST); i++) batch.add(events.get(i));
            batches.add(batch);
        }
        return batches;
    }
}

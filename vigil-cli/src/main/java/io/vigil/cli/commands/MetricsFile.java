package io.vigil.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An asset's metric points from a file, as the API takes them. JSON: a list of points, an object
 * {@code {"points": [...]}}, or JSON Lines of points (each long {@code {"timestamp", "metricName", "value"}}
 * or wide {@code {"timestamp", "values": {...}}}), passed on as they are for the server to check.
 * CSV with a header: {@code timestamp,metric,value} (long), or {@code timestamp} and one column per
 * metric (wide; an empty cell is no value). A timestamp of digits is sent as seconds since 1970.
 */
final class MetricsFile {
    private static final Set<String> TIME = Set.of("timestamp", "time", "at");
    private static final Set<String> METRIC = Set.of("metric", "metricname", "metric_name");
    private static final Pattern EPOCH = Pattern.compile("-?\\d+(\\.\\d+)?");

    private MetricsFile() {}

    /** The points of {@code file} ({@code -} for stdin). */
    static ArrayNode read(String file) throws IOException, CliException {
        BufferedReader reader = TextInputs.openNamed(file);
        try (reader) {
            int first = TextInputs.firstNonBlank(reader);
            ArrayNode points = first == '[' || first == '{' ? json(reader, file) : csv(reader, file);
            if (points.isEmpty()) throw new CliException(file + " holds no points", ExitCodes.USAGE);
            return points;
        }
    }

    private static ArrayNode json(BufferedReader reader, String file) throws IOException, CliException {
        List<JsonNode> values = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(reader)) {
            while (it.hasNextValue()) values.add(it.nextValue());
        } catch (JsonProcessingException e) {
            throw new CliException(file + " is not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")",
                    ExitCodes.USAGE);
        }
        if (values.size() == 1 && values.get(0).isArray()) return (ArrayNode) values.get(0);
        if (values.size() == 1 && values.get(0).path("points").isArray()) return (ArrayNode) values.get(0).get("points");
        if (values.size() == 1 && values.get(0).path("metrics").isArray()) return (ArrayNode) values.get(0).get("metrics");
        ArrayNode points = Json.MAPPER.createArrayNode();
        for (JsonNode v : values) {
            if (!v.isObject()) throw new CliException(file + ": each JSON line must be a point object", ExitCodes.USAGE);
            points.add(v);
        }
        return points;
    }

    private static ArrayNode csv(BufferedReader reader, String file) throws IOException, CliException {
        String header = reader.readLine();
        List<String> names = new ArrayList<>();
        for (String n : FeedbackFile.cells(header == null ? "" : header)) names.add(n.strip());
        int time = -1;
        int metric = -1;
        int value = -1;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).toLowerCase(Locale.ROOT);
            if (TIME.contains(n) && time < 0) time = i;
            else if (METRIC.contains(n)) metric = i;
            else if (n.equals("value")) value = i;
        }
        if (time < 0 || names.size() < 2) {
            throw new CliException(file + ": a CSV file starts with a header: timestamp,metric,value or timestamp and one column per metric"
                    + " (e.g. timestamp,cpu,memory)", ExitCodes.USAGE);
        }
        boolean longForm = metric >= 0 && value >= 0;
        ArrayNode points = Json.MAPPER.createArrayNode();
        long number = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) continue;
            List<String> cells = FeedbackFile.cells(line);
            ObjectNode point = points.addObject();
            String at = cell(cells, time);
            if (at.matches("-?\\d{1,15}")) point.put("timestamp", Long.parseLong(at));
            else if (EPOCH.matcher(at).matches()) point.put("timestamp", Double.parseDouble(at));
            else point.put("timestamp", at);
            if (longForm) {
                point.put("metricName", cell(cells, metric));
                point.put("value", number(cell(cells, value), file, number, names.get(value)));
            } else {
                ObjectNode values = point.putObject("values");
                for (int i = 0; i < names.size(); i++) {
                    if (i != time && !cell(cells, i).isEmpty()) values.put(names.get(i), number(cell(cells, i), file, number, names.get(i)));
                }
                if (values.isEmpty()) points.remove(points.size() - 1); // a time with no value at all
            }
        }
        return points;
    }

    private static double number(String text, String file, long line, String column) throws CliException {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // named below
        }
        throw new CliException(file + " line " + line + ": " + column + " '" + text + "' is not a number", ExitCodes.USAGE);
    }

    private static String cell(List<String> cells, int column) {
        return column < cells.size() ? cells.get(column).strip() : "";
    }
}

package io.vigil.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The items of a feedback file, one at a time with its line number: CSV with a header naming
 * {@code predictionId} and {@code actualLabel} (or {@code anomaly}), or JSON Lines of objects such as
 * {@code {"predictionId": "...", "actualLabel": "attack"}}. Which one is told by the first character.
 */
final class FeedbackFile implements AutoCloseable {
    /** One item and where it was. */
    record Line(long number, ObjectNode item) {}

    private final BufferedReader reader;
    private final String name;
    private final boolean json;
    private int idColumn = -1;
    private int labelColumn = -1;
    private int anomalyColumn = -1;
    private long number;

    private FeedbackFile(BufferedReader reader, String name, boolean json) {
        this.reader = reader;
        this.name = name;
        this.json = json;
    }

    static FeedbackFile open(String file) throws IOException, CliException {
        BufferedReader reader = TextInputs.openNamed(file);
        FeedbackFile f = new FeedbackFile(reader, file, TextInputs.firstNonBlank(reader) == '{');
        if (!f.json) {
            f.readHeader();
        }
        return f;
    }

    private void readHeader() throws IOException, CliException {
        String header = nextLine();
        List<String> names = header == null ? List.of() : cells(header);
        for (int i = 0; i < names.size(); i++) {
            switch (names.get(i).strip().toLowerCase(Locale.ROOT)) {
                case "predictionid", "prediction_id" -> idColumn = i;
                case "actuallabel", "actual_label", "label" -> labelColumn = i;
                case "anomaly" -> anomalyColumn = i;
                default -> { } // other columns are the user's own: left alone
            }
        }
        if (idColumn < 0 || labelColumn < 0 && anomalyColumn < 0) {
            throw new CliException(name + ": a CSV file starts with a header naming predictionId and actualLabel"
                    + " (e.g. predictionId,actualLabel); or give JSON Lines", ExitCodes.USAGE);
        }
    }

    /** The next item, or null at the end. */
    Line next() throws IOException, CliException {
        String line = nextLine();
        if (line == null) {
            return null;
        }
        if (json) {
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                if (node instanceof ObjectNode object) {
                    return new Line(number, object);
                }
            } catch (JsonProcessingException e) {
                throw new CliException(name + " line " + number + " is not JSON: " + e.getOriginalMessage(), ExitCodes.USAGE);
            }
            throw new CliException(name + " line " + number + " must be a JSON object", ExitCodes.USAGE);
        }
        List<String> cells = cells(line);
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("predictionId", cell(cells, idColumn));
        if (labelColumn >= 0 && !cell(cells, labelColumn).isEmpty()) {
            item.put("actualLabel", cell(cells, labelColumn));
        }
        if (anomalyColumn >= 0 && !cell(cells, anomalyColumn).isEmpty()) {
            item.put("anomaly", Boolean.parseBoolean(cell(cells, anomalyColumn)));
        }
        return new Line(number, item);
    }

    private String nextLine() throws IOException {
        String line;
        do {
            line = reader.readLine();
            number++;
        } while (line != null && line.isBlank());
        return line;
    }

    private static String cell(List<String> cells, int column) {
        return column < cells.size() ? cells.get(column).strip() : "";
    }

    /** The cells of a CSV line: commas between them, double quotes around one that holds a comma or a quote. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}

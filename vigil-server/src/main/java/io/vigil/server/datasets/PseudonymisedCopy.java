package io.vigil.server.datasets;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.vigil.engine.data.TableReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.server.core.Json;
import io.vigil.server.privacy.Pseudonyms;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A dataset as CSV with each personal column's values replaced by their pseudonyms, streamed row
 * by row whatever the dataset's own format (a capture comes out as its flows). Columns are as
 * the dataset reads: the same names a model trained on it takes.
 */
final class PseudonymisedCopy {
    private PseudonymisedCopy() {}

    /** The personal columns of a dataset, in its order. */
    static List<String> personalColumns(Dataset d, Pseudonyms pseudonyms) {
        return d.schema().stream().map(SchemaColumn::name).filter(pseudonyms::isPersonal).toList();
    }

    /** A stored profile (JSON) with the most frequent values of personal columns as their pseudonyms. */
    static String profile(String json, Pseudonyms pseudonyms) {
        JsonNode profile = Json.readTree(json);
        for (JsonNode column : profile.path("columnProfiles")) {
            if (pseudonyms.isPersonal(column.path("name").asText(null))) {
                for (JsonNode top : column.path("topValues")) {
                    if (top instanceof ObjectNode counted && top.hasNonNull("value")) {
                        counted.put("value", pseudonyms.token(top.get("value").asText()));
                    }
                }
            }
        }
        JsonNode balance = profile.path("labelColumn");
        if (pseudonyms.isPersonal(balance.asText(null))) { // a personal column as the label: its classes are personal too
            for (JsonNode top : profile.path("classBalance")) {
                if (top instanceof ObjectNode counted && top.hasNonNull("value")) {
                    counted.put("value", pseudonyms.token(top.get("value").asText()));
                }
            }
        }
        return Json.write(profile);
    }

    static void write(Dataset d, InputStream content, Pseudonyms pseudonyms, OutputStream out) throws IOException {
        try (TableReader reader = TableReader.open(content, d.parsing().toReadOptions(), d.fileName())) {
            List<String> names = reader.columnNames();
            boolean[] personal = new boolean[names.size()];
            for (int i = 0; i < personal.length; i++) {
                personal[i] = pseudonyms.isPersonal(names.get(i));
            }
            Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(text);
            csv.writeRecord(names);
            String[] row;
            while ((row = reader.next()) != null) {
                for (int i = 0; i < row.length && i < personal.length; i++) {
                    if (personal[i]) {
                        row[i] = pseudonyms.token(row[i]);
                    }
                }
                csv.writeRecord(row);
            }
            csv.flush();
        }
    }
}

package io.vigil.server.serving.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import io.vigil.engine.data.ReadOptions;
import io.vigil.engine.data.TableReader;
import io.vigil.server.core.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NestedValueTest {

    @Test
    void aNestedValueReadsAsTheTextAJsonLinesUploadGaveItsColumn() throws Exception {
        String value = "[\"a\", 1.50, {\"k\": null, \"n\": [ ]}, 7]";
        String line = "{\"tags\": " + value + ", \"x\": 1}\n";
        String uploaded;
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
                ReadOptions.detect(), "events.jsonl")) {
            uploaded = reader.next()[reader.columnNames().indexOf("tags")];
        }
        try (JsonParser p = Json.MAPPER.createParser(value)) {
            p.nextToken();
            NestedValue nested = NestedValue.read(p);
            assertThat(nested.toString()).isEqualTo(uploaded);
            assertThat(nested.object()).isFalse();
            assertThat(Json.write(java.util.Map.of("value", nested))).isEqualTo("{\"value\":" + Json.write(uploaded) + "}");
        }
    }
}

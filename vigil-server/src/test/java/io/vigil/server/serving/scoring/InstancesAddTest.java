package io.vigil.server.serving.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stream's records added one JSON document at a time: as a list would read them, and a bad one leaves the batch as it was. */
class InstancesAddTest {
    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsAreReadIntoColumnsAsAListWouldBe() {
        Instances in = Instances.empty();
        assertThat(in.add(json("{\"bytes\": 10, \"proto\": \"tcp\"}"))).isNull();
        assertThat(in.add(json("{\"proto\": \"udp\", \"flag\": true, \"bytes\": 2.5, \"bytes\": 3}"))).isNull();
        assertThat(in.add(json("{\"nested\": {\"a\": [1, 2]}}"))).isNull();
        assertThat(in.size()).isEqualTo(3);
        assertThat(in.records().get(0)).isEqualTo(Map.of("bytes", 10L, "proto", "tcp"));
        assertThat(in.records().get(1)).as("the last of a field given twice counts").isEqualTo(Map.of("bytes", 3L, "proto", "udp", "flag", true));
        assertThat(in.records().get(2)).containsOnlyKeys("nested");
        assertThat(in.value("bytes", 2)).isNull();
    }

    @Test
    void aRecordThatIsNotOneJsonObjectIsRefusedAndLeavesNothingBehind() {
        Instances in = Instances.empty();
        assertThat(in.add(json("{\"bytes\": 10}"))).isNull();
        assertThat(in.add(json("{\"bytes\": 11, \"new\": 1, \"proto\": "))).startsWith("not JSON");
        assertThat(in.add(json("[1, 2]"))).startsWith("not a JSON object");
        assertThat(in.add(json("{\"a\": 1} {\"b\": 2}"))).startsWith("not JSON");
        assertThat(in.add(json(""))).startsWith("empty record");
        assertThat(in.add(null)).startsWith("empty record");
        assertThat(in.add(json("{\"bytes\": 12}"))).isNull();
        assertThat(in.size()).isEqualTo(2);
        assertThat(in.columns()).containsOnlyKeys("bytes");
        assertThat(in.records()).containsExactly(Map.of("bytes", 10L), Map.of("bytes", 12L));
    }
}

package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.testing.KafkaBroker;
import io.vigil.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streams page in a real browser, against a real broker: a stream whose model type has no deployed
 * model sends every record to its dead-letter topic; the page shows the stream running, its lag and counts
 * as the server's own answer gives them.
 */
class StreamsPageIT {
    static TestServer server;
    static KafkaBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.shared();
        server = TestServer.start(Map.of("VIGIL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        String in = KafkaBroker.topic("page-in");
        kafka.createTopic(in, 2);
        var put = server.http().send("PUT", "/ml/config/streams", "application/json", Json.bytes(Map.of("streams", List.of(Map.of(
                "name", "sensor-events", "inputTopic", in, "outputTopic", KafkaBroker.topic("page-out"),
                "deadLetterTopic", KafkaBroker.topic("page-dead"), "modelType", "no-such-type")))));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(in, "k" + i, "{\"bytes\": " + i + "}"));
            }
        }
        long until = System.nanoTime() + 60_000_000_000L;
        while (stream().get("deadLettered").asLong() < 3 || stream().get("lag").asLong() > 0) {
            assertThat(System.nanoTime()).as("the records dead-lettered within a minute: " + stream()).isLessThan(until);
            Thread.sleep(100);
        }
    }

    static JsonNode stream() {
        return server.http().get("/ml/streams/sensor-events").json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theStreamShowsItsStateLagAndCounts() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            page.locator("header.top nav a", new Page.LocatorOptions().setHasText("Streams")).click();
            Locator row = page.locator("table.streams tbody tr[data-stream='sensor-events']");
            assertThat(row).hasCount(1);
            Locator cells = row.locator("td");
            assertThat(cells.nth(0)).hasText("running");
            assertThat(cells.nth(1)).hasText("no-such-type");
            assertThat(cells.nth(3)).hasText("0"); // lag
            assertThat(cells.nth(5)).hasText("0"); // scored
            assertThat(cells.nth(7)).hasText(Long.toString(stream().get("deadLettered").asLong()));
            ModelsPageIT.accessibleAndFits(tab, "streams");
        }
    }
}

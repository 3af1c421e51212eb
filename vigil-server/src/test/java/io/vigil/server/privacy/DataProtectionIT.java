package io.vigil.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.eventlog.EventLogFiles;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Encryption at rest and pseudonyms through a real server: what reaches the disk is ciphertext,
 * what reaches a non-admin's download, preview and the event log is pseudonymised, consistently.
 */
class DataProtectionIT {
    private static final String FLOWS = """
            src_ip,dst_ip,user,bytes,label
            10.0.0.7,10.0.0.9,alice,512,normal
            10.0.0.9,10.0.0.7,bob,40,attack
            10.0.0.7,192.0.2.1,alice,77,normal
            """;
    private static TestServer server;
    private static HttpTestClient scientist;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "VIGIL_STORAGE_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'Q'),
                "VIGIL_PSEUDONYM_KEY", "a pseudonym key of at least thirty-two characters"));
        scientist = server.as(Role.DATA_SCIENTIST);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void datasetsAreStoredEncryptedAndComeBackAsUploadedToAnAdminWhoAsks() throws IOException {
        String id = upload("flows.csv");

        Response raw = server.http().get("/ml/datasets/" + id + "/download?pseudonymise=false");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.text()).isEqualTo(FLOWS);
        assertThat(raw.header("ETag")).isEqualTo("\"" + server.http().get("/ml/datasets/" + id).json().get("sha256").asText() + "\"");

        try (Stream<Path> files = Files.walk(server.dataDir().resolve("blobs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("alice").doesNotContain("10.0.0.7");
            }
        }
    }

    @Test
    void downloadsAndPreviewsCarryOneTokenPerValueAndRawNeedsAnAdmin() {
        String id = upload("people.csv");

        Response download = scientist.get("/ml/datasets/" + id + "/download");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Vigil-Pseudonymised")).isEqualTo("src_ip, dst_ip, user");
        assertThat(download.header("Content-Disposition")).contains("pseudonymised.csv");
        List<String[]> rows = download.text().lines().map(l -> l.split(",")).toList();
        assertThat(rows.get(0)).containsExactly("src_ip", "dst_ip", "user", "bytes", "label");
        assertThat(download.text()).doesNotContain("10.0.0.7").doesNotContain("alice").doesNotContain("bob");
        String host7 = rows.get(1)[0];
        assertThat(host7).matches("anon-[0-9a-f]{20}");
        assertThat(rows.get(2)[1]).as("the same address as destination: the same token").isEqualTo(host7);
        assertThat(rows.get(3)[0]).isEqualTo(host7);
        assertThat(rows.get(1)[2]).isEqualTo(rows.get(3)[2]).isNotEqualTo(rows.get(2)[2]);
        assertThat(rows.get(2)[3]).isEqualTo("40");

        JsonNode preview = scientist.get("/ml/datasets/" + id + "/preview").json();
        assertThat(preview.get("rows").get(0).get("src_ip").asText()).isEqualTo(host7);
        assertThat(preview.get("rows").get(0).get("bytes").asLong()).isEqualTo(512);

        JsonNode stats = scientist.get("/ml/datasets/" + id + "/stats").json();
        JsonNode srcTop = stats.get("columnProfiles").get(0).get("topValues");
        assertThat(srcTop.get(0).get("value").asText()).as("the most frequent source, as its token").isEqualTo(host7);
        assertThat(stats.toString()).doesNotContain("10.0.0.7").doesNotContain("alice");
        assertThat(server.http().get("/ml/datasets/" + id + "/stats?pseudonymise=false").text()).contains("10.0.0.7");

        Response refused = scientist.get("/ml/datasets/" + id + "/download?pseudonymise=false");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(scientist.get("/ml/datasets/" + id + "/download?pseudonymise=maybe").status()).isEqualTo(400);
    }

    @Test
    void theEventLogHoldsPseudonymsWhileTheApiShowsAnalystsTheAddress() throws IOException {
        Response stored = server.as(Role.SERVICE).postJson("/ml/events", Json.write(Map.of("events", List.of(Map.of(
                "title", "SSH brute force from 198.51.100.23", "score", 0.8, "sourceHost", "198.51.100.23",
                "userName", "root", "source", "cowrie")))));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        String eventId = stored.json().get("events").get(0).get("id").asText();

        JsonNode line = EventLogFiles.allLines(server.detections().eventLog().dir()).stream().map(Json::readTree)
                .filter(l -> l.get("id").asText().equals(eventId)).findFirst().orElseThrow();
        assertThat(line.toString()).doesNotContain("198.51.100.23").doesNotContain("\"root\"");
        String token = line.get("sourceHost").asText();
        assertThat(token).matches("anon-[0-9a-f]{20}");
        assertThat(line.get("title").asText()).isEqualTo("SSH brute force from " + token);
        assertThat(server.as(Role.ANALYST).get("/ml/events/" + eventId).json().get("sourceHost").asText()).isEqualTo("198.51.100.23");
    }

    private static String upload(String name) {
        Response r = scientist.upload("/ml/datasets", name, FLOWS.getBytes(StandardCharsets.UTF_8), Map.of("name", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}

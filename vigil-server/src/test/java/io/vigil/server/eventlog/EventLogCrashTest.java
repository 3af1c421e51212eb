package io.vigil.server.eventlog;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantee, for real: a child JVM appends and prints each id once its append returned; it is
 * killed ({@code kill -9}) mid-run, mid-write and mid-compression as it happens. Every acknowledged
 * id must be in the log, and the log must reopen whole: every line a JSON object, no id twice.
 */
class EventLogCrashTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesAKillAndTheLogReopensWhole() throws Exception {
        for (int round = 0; round < 3; round++) { // the same directory, killed three times
            Set<Long> acknowledged = runAndKill(2_000 + round * 1_500);
            Set<Long> logged = new HashSet<>();
            String left = whatTheKillLeft();
            EventLogSettings settings = new EventLogSettings(true, dir, 16 * 1024, 100_000, true, EventLogSettings.Fsync.NEVER);
            try (EventLog log = EventLog.open(settings, Clock.systemUTC())) {
                for (String line : EventLogFiles.allLines(dir)) {
                    JsonNode event = Json.readTree(line);
                    assertThat(event.isObject()).isTrue();
                    assertThat(logged.add(event.get("id").longValue())).as("id %s once", event.get("id")).isTrue();
                }
                log.append(Map.of("id", -1 - round)); // and it takes more
                assertThat(acknowledged).isNotEmpty();
                assertThat(logged).containsAll(acknowledged);
                logged.add(-1L - round);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
            assertThat(EventLogFiles.allLines(dir)).hasSize(logged.size());
            System.out.printf("kill %d: %d acknowledged, %d logged; %s%n", round + 1, acknowledged.size(), logged.size() - 1, left);
            renumber(round);
        }
    }

    /** Whether the kill cut a line or a compression (it happens as it happens: printed, not asserted). */
    private String whatTheKillLeft() throws IOException {
        boolean torn = false;
        for (EventLogFiles.Active a : EventLogFiles.actives(dir)) {
            byte[] bytes = Files.readAllBytes(a.path());
            torn |= bytes.length > 0 && bytes[bytes.length - 1] != '\n';
        }
        return "torn last line: " + (torn ? "yes" : "no") + ", compression cut: " + (EventLogFiles.temporary(dir).isEmpty() ? "no" : "yes");
    }

    /** Keeps the rounds' ids apart: the child counts from 1 each time. */
    private void renumber(int round) throws IOException {
        Path keep = dir.resolve("round-" + round);
        Files.createDirectories(keep);
        for (Path f : EventLogFiles.list(dir)) Files.move(f, keep.resolve(f.getFileName()));
    }

    private Set<Long> runAndKill(int acksBeforeKill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                EventLogCrashChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (InputStream in = child.getInputStream()) {
            byte[] chunk = new byte[8192];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int acks = 0;
            while (acks < acksBeforeKill && System.nanoTime() < deadline) {
                int n = in.read(chunk);
                if (n < 0) break;
                seen.write(chunk, 0, n);
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') acks++;
                }
            }
            child.toHandle().destroyForcibly(); // kill -9, no shutdown hook, no close; its output stays readable
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            in.transferTo(seen); // what it printed before it died
        }
        Set<Long> ids = new HashSet<>();
        String text = seen.toString(US_ASCII);
        int end = text.lastIndexOf('\n'); // a line cut by the kill is no acknowledgement
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (line.startsWith("ACK ")) ids.add(Long.parseLong(line.substring(4)));
        }
        return ids;
    }
}

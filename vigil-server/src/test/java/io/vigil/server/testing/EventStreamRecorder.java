package io.vigil.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records the events of a server's live stream ({@code /ml/stream}, as its admin) in the background, for as long as it runs. */
public final class EventStreamRecorder {
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private EventStreamRecorder() {}

    /** Opens {@code path} (e.g. {@code /ml/stream?modelId=...}) and starts recording. */
    public static EventStreamRecorder listen(TestServer server, String path) throws Exception {
        EventStreamRecorder recorder = new EventStreamRecorder();
        HttpRequest request = server.http().authorize(HttpRequest.newBuilder(URI.create(server.http().base() + path))
                .header("Accept", "text/event-stream").GET()).build();
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> r.body().filter(l -> l.startsWith("data:"))
                .forEach(l -> recorder.events.add(Json.readTree(l.substring(5)))));
        reader.setDaemon(true);
        reader.start();
        return recorder;
    }

    public List<JsonNode> events() {
        return events;
    }

    /** The first event {@code matches} within {@code wait}, or an assertion error listing what came. */
    public JsonNode await(String what, Predicate<JsonNode> matches, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : events) {
                if (matches.test(e)) return e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " on the stream within " + wait + ": " + events);
    }
}

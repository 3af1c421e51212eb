package io.vigil.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Access;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.HttpServer;
import io.vigil.server.http.Route;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stream whose client is gone is closed at the next heartbeat or the one after (the first write
 * after the client's close may still succeed), not kept until shutdown. Here the heartbeat is
 * 200 ms; in the server it is {@link EventsApi#HEARTBEAT}.
 */
class DeadClientTest {
    static final Duration BEAT = Duration.ofMillis(200);
    static Database database;
    static EventBus bus;
    static EventsApi api;
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
        bus = new EventBus();
        CurrentState state = new CurrentState(new JobQueue(database.jdbi(), Clock.systemUTC()), id -> {
            throw VigilException.notFound("no model with id " + id);
        }, Clock.systemUTC());
        api = new EventsApi(bus, state, BEAT);
        server = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 1024, Files.createTempDirectory("vigil-events-"), 0),
                List.of(Route.sse("/ml/stream", Access.PUBLIC, api::check, api::sse)));
    }

    @AfterAll
    static void stop() {
        api.close();
        server.close();
        bus.close();
        database.close();
    }

    @Test
    void aClientThatWentAwayIsClosedWithinTwoHeartbeats() throws Exception {
        awaitNoStreams();
        Socket socket = new Socket("127.0.0.1", server.port());
        BufferedReader in = open(socket);
        assertThat(api.openStreams()).isEqualTo(1);
        socket.close(); // the client goes: curl killed, a laptop closed
        long gone = System.nanoTime();
        long deadline = gone + Duration.ofSeconds(10).toNanos();
        while (api.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long detectedMs = (System.nanoTime() - gone) / 1_000_000;
        assertThat(api.openStreams()).as("a dead client's stream still open after %d ms", detectedMs).isZero();
        assertThat(detectedMs).isLessThanOrEqualTo(3 * BEAT.toMillis());
        System.out.println("dead event-stream client detected after " + detectedMs + " ms (heartbeat " + BEAT.toMillis() + " ms)");
    }

    @Test
    void aClientThatStaysGetsHeartbeatsAndKeepsItsStream() throws Exception {
        awaitNoStreams();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            BufferedReader in = open(socket);
            socket.setSoTimeout(5_000);
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals(": heartbeat"));
            assertThat(line).isEqualTo(": heartbeat");
            Thread.sleep(3 * BEAT.toMillis());
            assertThat(api.openStreams()).isEqualTo(1);
        }
    }

    private static void awaitNoStreams() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (api.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Opens an unfiltered stream and reads up to its first comment. */
    private static BufferedReader open(Socket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ml/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(5_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = in.readLine();
        } while (line != null && !line.equals(": connected"));
        assertThat(line).as("no ': connected' line").isEqualTo(": connected");
        return in;
    }
}

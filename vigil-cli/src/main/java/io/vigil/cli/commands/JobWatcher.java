package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.EventStreamReader;
import io.vigil.cli.http.Json;
import io.vigil.cli.http.Query;
import io.vigil.cli.http.ServerSentEvent;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.ProgressBar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows one job to its end, drawing its progress. Listens to the server's event stream
 * ({@code /ml/stream?jobId=}); if the stream cannot be opened or drops, polls {@code /ml/jobs/{id}}
 * every second instead. While the stream is quiet the job is still checked now and then, so a
 * missed event cannot leave the CLI waiting forever.
 */
final class JobWatcher {
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** How long the stream may stay silent before the job is checked directly. */
    static final Duration QUIET_CHECK = Duration.ofSeconds(10);

    /** Markers the reader thread puts in the queue besides events. */
    private static final ServerSentEvent CONNECTED = new ServerSentEvent("(connected)", "");
    private static final ServerSentEvent STREAM_ENDED = new ServerSentEvent("(ended)", "");

    private final ApiClient api;
    private final String jobId;
    private final ProgressBar bar;
    private final PrintWriter notes;

    /** Draws progress on {@code bar}; once the job has ended, prints its log's warnings on {@code notes}. */
    JobWatcher(ApiClient api, String jobId, ProgressBar bar, PrintWriter notes) {
        this.api = api;
        this.jobId = jobId;
        this.bar = bar;
        this.notes = notes;
    }

    /** Waits until the job has finished; answers the server's final {@code GET /ml/jobs/{id}}. */
    ApiResponse await() throws Exception {
        BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
        EventListener listener = new EventListener(events);
        listener.start();
        try {
            ApiResponse job = fetch();
            if (JobViews.isFinished(job.json())) return finish(job);
            boolean streaming = true;
            long lastCheck = System.nanoTime();
            while (true) {
                if (streaming) {
                    ServerSentEvent event = events.poll(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                    if (event == STREAM_ENDED) {
                        streaming = false;
                    } else if (event == CONNECTED || event == null && System.nanoTime() - lastCheck > QUIET_CHECK.toNanos()) {
                        // just subscribed (the job may have ended before), or nothing heard for a while
                        job = fetch();
                        lastCheck = System.nanoTime();
                        if (JobViews.isFinished(job.json())) return finish(job);
                    } else if (event != null && handle(event)) {
                        return finish(fetch());
                    }
                } else {
                    Thread.sleep(POLL_INTERVAL.toMillis());
                    job = fetch();
                    if (JobViews.isFinished(job.json())) return finish(job);
                }
            }
        } finally {
            listener.close();
        }
    }

    /** Draws a progress event; true when a state event says the job has finished. */
    private boolean handle(ServerSentEvent event) {
        JsonNode data;
        try {
            data = Json.parse(event.data());
        } catch (RuntimeException notJson) {
            return false;
        }
        String eventJob = Formats.text(data, "jobId");
        if (eventJob != null && !eventJob.equals(jobId)) return false;
        switch (event.type()) {
            case "job.progress" -> bar.update(data.get("progress"));
            case "job.state" -> {
                bar.update(data.path("job").has("progress") ? data.path("job").get("progress") : data.get("progress"));
                return JobViews.isFinished(Formats.text(data, "state"));
            }
            default -> { }
        }
        return false;
    }

    private ApiResponse fetch() throws Exception {
        ApiResponse job = api.get(Query.path("/ml/jobs/", jobId));
        bar.update(job.json().get("progress"));
        return job;
    }

    private ApiResponse finish(ApiResponse job) {
        JsonNode state = job.json();
        if (JobViews.succeeded(state)) bar.draw(1, "succeeded");
        else bar.draw(state.path("progress").path("fraction").asDouble(0), Formats.text(state, "state"));
        bar.finish();
        printWarnings();
        return job;
    }

    /**
     * The job log's warnings (an input that is a timestamp, a host address...): said once the job
     * has ended, so that following a job shows them without {@code jobs logs}. Best effort: a log
     * that cannot be read leaves the job's own answer to speak.
     */
    private void printWarnings() {
        try {
            for (JsonNode line : api.get(Query.path("/ml/jobs/", jobId, "/logs")).json().path("lines")) {
                // the server writes levels in lower case ("warn"); compare without case, as a reader would
                if ("warn".equalsIgnoreCase(Formats.text(line, "level"))) notes.println("warning: " + Formats.text(line, "message"));
            }
            notes.flush();
        } catch (Exception unreadable) {
            // an older server, or a log gone with its job: nothing to add
        }
    }

    /** Reads the event stream on a daemon thread into the queue; ends with {@link #STREAM_ENDED}. */
    private final class EventListener implements AutoCloseable {
        private final BlockingQueue<ServerSentEvent> events;
        private final Thread thread;
        private volatile InputStream body;
        private volatile boolean closed;

        EventListener(BlockingQueue<ServerSentEvent> events) {
            this.events = events;
            this.thread = new Thread(this::listen, "vigil-events-" + jobId);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void listen() {
            try {
                body = api.openEventStream(Query.path("/ml/stream").param("jobId", jobId));
                if (closed) return;
                events.add(CONNECTED);
                EventStreamReader reader = new EventStreamReader(
                        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
                for (Optional<ServerSentEvent> event = reader.next(); event.isPresent() && !closed; event = reader.next()) {
                    events.add(event.get());
                }
            } catch (Exception lost) {
                // no stream (old server, proxy) or it dropped: the watcher polls instead
            } finally {
                events.add(STREAM_ENDED);
            }
        }

        @Override
        public void close() {
            closed = true;
            InputStream stream = body;
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // closing only to stop reading
                }
            }
            thread.interrupt();
        }
    }
}

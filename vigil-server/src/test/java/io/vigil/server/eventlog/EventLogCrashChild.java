package io.vigil.server.eventlog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run by {@link EventLogCrashTest} in a JVM of its own: four threads append events with ids and
 * print {@code ACK <id>} once each append returned, small files rotate all the time and are
 * compressed, until the test kills the process.
 */
public final class EventLogCrashChild {

    public static void main(String[] args) throws Exception {
        EventLogSettings settings = new EventLogSettings(true, Path.of(args[0]), 16 * 1024, 100_000, true, EventLogSettings.Fsync.NEVER);
        EventLog log = EventLog.open(settings, Clock.systemUTC());
        FileOutputStream out = new FileOutputStream(FileDescriptor.out); // unbuffered: an ACK is out once written
        AtomicLong ids = new AtomicLong();
        for (int t = 0; t < 4; t++) {
            Thread writer = new Thread(() -> {
                while (true) {
                    long id = ids.incrementAndGet();
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("id", id);
                    event.put("pad", "x".repeat((int) (id % 500)));
                    log.append(event);
                    byte[] ack = ("ACK " + id + "\n").getBytes(StandardCharsets.US_ASCII);
                    synchronized (out) {
                        try {
                            out.write(ack);
                        } catch (IOException e) {
                            return;
                        }
                    }
                }
            });
            writer.start();
        }
        while (true) {
            Thread.sleep(5);
            log.rotate();
        }
    }
}

package io.vigil.server.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.server.core.Json;
import io.vigil.server.persistence.Notifications;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries live events between the instances that share a database, so that an SSE or WebSocket
 * client of any instance sees what happens on all of them (a training job that runs on another).
 *
 * <p>Out: every event published on this instance (and only those: {@link EventBus#forwardLocal})
 * goes to a bounded queue; the {@code vigil-event-relay} thread sends what has gathered with
 * {@code NOTIFY vigil_events}, up to {@link #BATCH} in one transaction. An event whose JSON would
 * not fit PostgreSQL's payload limit (8000 bytes: a security event with its raw input may not) is
 * stored in {@code relayed_events} and only its id is notified. In: each notification from another
 * instance (this one's own are recognised by {@link Notifications#instance()} and skipped) is read,
 * from the table when it names an id, and delivered with {@link EventBus#publishRelayed}: never
 * relayed again, never echoed back.
 *
 * <p>An instance alone on its database (no other instance's listening connection in
 * {@code pg_stat_activity}, looked at every {@link #LOOK_EVERY} while events flow) sends nothing.
 * Like the bus itself, this is live delivery, not a log: an event published while the relay's
 * connection is down, or past a full queue (counted in {@link #dropped()}), is not seen elsewhere.
 * Clients that must not miss a state read it back (an SSE stream starts with the current state).
 */
public final class EventRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
    public static final String CHANNEL = "vigil_events";
    static final int BATCH = 200;
    /** How long a stored event is kept for the listeners to read: they do so within milliseconds. */
    static final Duration KEEP_STORED = Duration.ofMinutes(5);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    /** How often the relay looks whether another instance listens: a new one hears events this long after it started at most. */
    static final Duration LOOK_EVERY = Duration.ofSeconds(2);

    private final Jdbi jdbi;
    private final Notifications notifications;
    private final EventBus bus;
    private final BlockingQueue<Event> outgoing = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final String listenerName;
    private boolean othersListen; // the sender thread's
    private long nextLook;
    private long seq; // the sender thread's
    private final Thread sender;
    private volatile boolean running = true;
    private Notifications.Subscription subscription;

    /**
     * What goes on the channel: the sending instance, a number (PostgreSQL folds identical payloads
     * of one transaction into one: two alike events must not), and the event or the id it was stored under.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Envelope(UUID origin, long seq, Event event, Long stored) {}

    /**
     * @param listenerName the {@code application_name} every instance's listening connection has
     *                     ({@link Notifications#APPLICATION_NAME}): an instance alone on its database sends nothing
     */
    public EventRelay(Jdbi jdbi, Notifications notifications, EventBus bus, String listenerName) {
        this.jdbi = jdbi;
        this.listenerName = listenerName;
        this.notifications = notifications;
        this.bus = bus;
        this.sender = new Thread(this::sendLoop, "vigil-event-relay");
        this.sender.setDaemon(true);
    }

    public EventRelay start() {
        subscription = notifications.subscribe(CHANNEL, this::heard, null, null);
        bus.forwardLocal(this::offer);
        sender.start();
        return this;
    }

    /** Events not relayed because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events sent to the other instances and heard from them, since start. */
    public long sent() {
        return sent.get();
    }

    public long received() {
        return received.get();
    }

    private void offer(Event e) {
        if (!outgoing.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    private void sendLoop() {
        long nextPrune = System.nanoTime();
        List<Event> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Event first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    outgoing.drainTo(batch, BATCH - 1);
                    sent.addAndGet(send(batch));
                    batch.clear();
                }
                if (System.nanoTime() - nextPrune >= 0) {
                    nextPrune = System.nanoTime() + PRUNE_EVERY.toNanos();
                    prune();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // the database is away: these events are lost to the others, as a full queue's are
                log.atWarn().addKeyValue("events", batch.size()).addKeyValue("error", e.getMessage())
                        .log("live events not relayed to the other instances");
                dropped.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    /** Sends {@code batch}; how many were sent (none when no other instance listens). */
    private int send(List<Event> batch) {
        if (System.nanoTime() - nextLook >= 0) {
            nextLook = System.nanoTime() + LOOK_EVERY.toNanos();
            othersListen = jdbi.withHandle(h -> h.createQuery("select exists (select 1 from pg_stat_activity where datname = "
                    + "current_database() and application_name = :name and pid <> :own)")
                    .bind("name", listenerName).bind("own", notifications.listenerPid()).mapTo(Boolean.class).one());
        }
        if (!othersListen) {
            return 0; // alone on the database: nobody to tell, and no NOTIFY traffic for it
        }
        UUID origin = notifications.instance();
        jdbi.useTransaction(h -> {
            for (Event e : batch) {
                Notifications.notify(h, CHANNEL, payload(h, origin, e));
            }
        });
        return batch.size();
    }

    private String payload(Handle h, UUID origin, Event e) {
        long number = ++seq;
        String inline = Json.write(new Envelope(origin, number, e, null));
        if (inline.getBytes(StandardCharsets.UTF_8).length <= Notifications.MAX_PAYLOAD_BYTES) {
            return inline;
        }
        long id = h.createQuery("insert into relayed_events (origin, event) values (:origin, cast(:event as jsonb)) returning id")
                .bind("origin", origin).bind("event", Json.write(e)).mapTo(Long.class).one();
        return Json.write(new Envelope(origin, number, null, id));
    }

    private void heard(String payload) {
        Envelope envelope;
        try {
            envelope = Json.MAPPER.readValue(payload, Envelope.class);
        } catch (JsonProcessingException e) {
            log.atWarn().addKeyValue("error", e.getOriginalMessage()).log("a relayed event that cannot be read was skipped");
            return;
        }
        if (notifications.instance().equals(envelope.origin())) {
            return; // this instance's own: its clients had it from the bus already
        }
        Event event = envelope.event() != null ? envelope.event() : stored(envelope.stored());
        if (event != null) {
            received.incrementAndGet();
            bus.publishRelayed(event);
        }
    }

    private Event stored(Long id) {
        if (id == null) {
            return null;
        }
        return jdbi.withHandle(h -> h.createQuery("select event::text from relayed_events where id = :id").bind("id", id)
                .mapTo(String.class).findOne()).map(json -> {
                    try {
                        return Json.MAPPER.readValue(json, Event.class);
                    } catch (JsonProcessingException e) {
                        log.atWarn().addKeyValue("id", id).addKeyValue("error", e.getOriginalMessage()).log("a stored relayed event cannot be read");
                        return null;
                    }
                }).orElse(null);
    }

    private void prune() {
        jdbi.useHandle(h -> h.createUpdate("delete from relayed_events where at < now() - make_interval(secs => :seconds)")
                .bind("seconds", (double) KEEP_STORED.toSeconds()).execute());
    }

    /** Stops relaying: this instance's events stay on it; queued ones are not sent. */
    @Override
    public void close() {
        running = false;
        bus.forwardLocal(null);
        if (subscription != null) {
            subscription.close();
        }
        sender.interrupt();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

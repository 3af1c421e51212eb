package io.vigil.server.events;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publish/subscribe for live events. Publishing never blocks the publisher (a training
 * thread): events go through a bounded queue to one delivery thread; when the queue is full the
 * event is dropped and counted. A subscriber whose delivery fails is removed.
 *
 * <p>With several instances on one database, {@link EventRelay} forwards this instance's events to
 * the others, which deliver them with {@link #publishRelayed}: a client of any instance sees them all.
 */
public final class EventBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread delivery;
    private volatile boolean running = true;
    private volatile Consumer<Event> forwarder; // the relay to the other instances: told of local events only

    /** An event in the queue, and whether it came from another instance (it is not sent back). */
    private record Delivery(Event event, boolean relayed) {}

    public EventBus() {
        delivery = new Thread(this::deliverLoop, "vigil-events");
        delivery.setDaemon(true);
        delivery.start();
    }

    public void publish(Event event) {
        if (!queue.offer(new Delivery(event, false))) {
            dropped.incrementAndGet();
        }
    }

    /** An event another instance published: delivered to this instance's subscribers, never relayed again. */
    public void publishRelayed(Event event) {
        if (!queue.offer(new Delivery(event, true))) {
            dropped.incrementAndGet();
        }
    }

    /** Hands every event published on this instance, after its subscribers, to {@code relay} (one relay; null: none). */
    public void forwardLocal(Consumer<Event> relay) {
        this.forwarder = relay;
    }

    /** Delivers matching events to {@code sink} until the returned subscription is closed. */
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        Subscription s = new Subscription(filter, sink);
        subscriptions.add(s);
        return s;
    }

    public long dropped() {
        return dropped.get();
    }

    public int subscribers() {
        return subscriptions.size();
    }

    private void deliverLoop() {
        while (running) {
            Delivery d;
            try {
                d = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                return;
            }
            if (d == null) {
                continue;
            }
            Event e = d.event();
            for (Subscription s : subscriptions) {
                if (s.filter.matches(e)) {
                    try {
                        s.sink.accept(e);
                    } catch (RuntimeException failed) {
                        log.atDebug().addKeyValue("error", failed.toString()).log("event subscriber removed after a failed delivery");
                        s.close();
                    }
                }
            }
            Consumer<Event> relay = forwarder;
            if (relay != null && !d.relayed()) {
                try {
                    relay.accept(e);
                } catch (RuntimeException failed) {
                    log.atWarn().addKeyValue("error", failed.toString()).log("event not relayed to the other instances");
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        delivery.interrupt();
    }

    /** A live subscription; close it when the client goes away. */
    public final class Subscription implements AutoCloseable {
        private final EventFilter filter;
        private final Consumer<Event> sink;

        private Subscription(EventFilter filter, Consumer<Event> sink) {
            this.filter = filter;
            this.sink = sink;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}

package io.vigil.server.monitoring.alerts.channels;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where alerts are handed to their channels. {@link #enqueue} stores one pending delivery per enabled
 * channel (one insert) and returns; the sender of some instance delivers it ({@code DeliveryDispatcher}).
 * It never throws and never waits on a channel: if the database refuses the insert, the notice waits in
 * a bounded backlog in memory, stored again at the sender's next round; past {@value #BACKLOG} waiting
 * notices the newest are dropped, each logged at ERROR (with its summary) and counted
 * ({@code vigil_alert_notices_lost_total}).
 */
public final class AlertDeliveries {
    private static final Logger log = LoggerFactory.getLogger(AlertDeliveries.class);
    static final int BACKLOG = 1000;

    private final DeliveryRepository repository;
    private final DeliveryMeters meters;
    private final Clock clock;
    private final Runnable wake;
    private final int capacity;
    private final Deque<Waiting> backlog = new ArrayDeque<>();

    /** A notice the database did not take yet. */
    private record Waiting(AlertNotice notice, List<UUID> channelIds) {}

    AlertDeliveries(DeliveryRepository repository, DeliveryMeters meters, Clock clock, Runnable wake) {
        this(repository, meters, clock, wake, BACKLOG);
    }

    AlertDeliveries(DeliveryRepository repository, DeliveryMeters meters, Clock clock, Runnable wake, int capacity) {
        this.capacity = capacity;
        this.repository = repository;
        this.meters = meters;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * Queues {@code notice} for each of {@code channelIds} (unknown and disabled channels are skipped,
     * and logged). Safe from any thread; never throws.
     */
    public void enqueue(AlertNotice notice, Collection<UUID> channelIds) {
        if (notice == null || channelIds == null || channelIds.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(new HashSet<>(channelIds));
        try {
            store(notice, ids);
        } catch (RuntimeException e) {
            keep(new Waiting(notice, ids), e);
        }
    }

    private void store(AlertNotice notice, List<UUID> ids) {
        List<DeliveryRepository.Queued> queued = repository.insert(notice, ids, clock.instant());
        Set<UUID> skipped = new HashSet<>(ids);
        for (DeliveryRepository.Queued q : queued) {
            skipped.remove(q.channelId());
            if ("firing".equals(notice.state())) {
                meters.fired(notice.ruleName(), q.channelName());
            }
        }
        if (!skipped.isEmpty()) {
            log.atWarn().addKeyValue("alert", notice.alertId()).addKeyValue("rule", notice.ruleName()).addKeyValue("channels", skipped)
                    .log("alert not queued for channels that do not exist or are disabled");
        }
        if (!queued.isEmpty()) {
            wake.run();
        }
    }

    private void keep(Waiting waiting, RuntimeException cause) {
        boolean kept;
        int waitingNow;
        synchronized (backlog) {
            kept = backlog.size() < capacity && backlog.add(waiting);
            waitingNow = backlog.size();
        }
        if (kept) {
            // the first of a streak at WARN: a database that is away refuses every one
            log.atLevel(waitingNow == 1 ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.DEBUG)
                    .addKeyValue("alert", waiting.notice().alertId()).addKeyValue("waiting", waitingNow).addKeyValue("error", cause.toString())
                    .log("alert delivery not stored; kept in memory and stored again shortly");
        } else {
            meters.lost();
            log.atError().addKeyValue("alert", waiting.notice().alertId()).addKeyValue("rule", waiting.notice().ruleName())
                    .addKeyValue("summary", waiting.notice().summary()).addKeyValue("error", cause.toString())
                    .log("alert delivery lost: the database refuses it and " + capacity + " more wait already");
        }
    }

    /** Stores the notices the database refused before, oldest first, until it refuses again (the sender's thread). */
    void storeBacklog() {
        int stored = 0;
        while (true) {
            Waiting next;
            synchronized (backlog) {
                next = backlog.pollFirst();
            }
            if (next == null) {
                break;
            }
            try {
                store(next.notice(), next.channelIds());
                stored++;
            } catch (RuntimeException e) {
                synchronized (backlog) {
                    backlog.addFirst(next);
                }
                break;
            }
        }
        if (stored > 0) {
            log.atInfo().addKeyValue("stored", stored).addKeyValue("waiting", backlog()).log("alert deliveries kept in memory are stored now");
        }
    }

    /** Notices waiting in memory for the database. */
    int backlog() {
        synchronized (backlog) {
            return backlog.size();
        }
    }
}

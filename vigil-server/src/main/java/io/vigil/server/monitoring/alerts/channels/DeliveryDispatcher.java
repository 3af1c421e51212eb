package io.vigil.server.monitoring.alerts.channels;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vigil.server.monitoring.alerts.channels.DeliveryMeters.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender of this instance. One thread ({@code vigil-alert-dispatch}) claims due deliveries
 * ({@link DeliveryRepository#claim}: {@code FOR UPDATE SKIP LOCKED}, so instances sharing the database
 * never take the same row) and hands each channel's batch to a pool of {@code alerts.delivery.threads}
 * ({@code vigil-alert-send-N}), one batch per channel at a time: a channel that hangs holds one sender
 * until the outbound deadline, and its circuit breaker then keeps its deliveries waiting, while the
 * other channels go on. A failed try is retried after the policy's backoff, up to its attempts.
 * Nothing here runs on a request's thread.
 */
final class DeliveryDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /** How often due deliveries (retries) are looked for when nothing wakes the thread. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** Deliveries of one channel claimed in one batch. */
    static final int PER_CHANNEL = 10;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final DeliveryRepository repository;
    private final Map<ChannelType, ChannelSender> senders;
    private final ChannelBreakers breakers;
    private final DeliveryPolicy policy;
    private final Duration lease;
    private final ChannelSettings settings;
    private final DeliveryMeters meters;
    private final Clock clock;
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean stopped;
    private AlertDeliveries deliveries;
    private Instant lastPurge;
    private boolean failing;

    /**
     * @param callDeadline how long one try may take at most (the outbound or SMTP timeout): a claimed
     *                     batch is leased for {@link #PER_CHANNEL} of them and a margin
     */
    DeliveryDispatcher(DeliveryRepository repository, Map<ChannelType, ChannelSender> senders, ChannelBreakers breakers,
                       ChannelSettings settings, Duration callDeadline, DeliveryMeters meters, Clock clock) {
        this.repository = repository;
        this.senders = senders;
        this.breakers = breakers;
        this.policy = settings.delivery();
        this.settings = settings;
        this.lease = callDeadline.plusSeconds(5).multipliedBy(PER_CHANNEL);
        this.meters = meters;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(policy.threads(), r -> {
            Thread t = new Thread(r, "vigil-alert-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "vigil-alert-dispatch");
        this.thread.setDaemon(true);
    }

    /** Starts the thread; {@code deliveries}' backlog is stored again at each round. */
    void start(AlertDeliveries deliveries) {
        this.deliveries = deliveries;
        thread.start();
    }

    /** Looks for due deliveries now (a notice was queued, a sender came free). */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!stopped) {
            boolean claimed = false;
            try {
                deliveries.storeBacklog();
                claimed = round();
                purgeHourly();
                if (failing) {
                    log.info("alert deliveries read again");
                    failing = false;
                }
            } catch (RuntimeException e) { // the database away: the thread lives on, and tries again
                if (!failing) {
                    log.atWarn().addKeyValue("error", e.toString()).log("cannot read alert deliveries; trying again every second");
                    failing = true;
                }
            }
            if (!claimed) {
                pause();
            }
        }
    }

    /** Claims what is due for the free senders and hands it out; true when it claimed something. */
    private boolean round() {
        int free = policy.threads() - busy.size();
        if (free <= 0) {
            return false;
        }
        Instant now = clock.instant();
        List<DeliveryRepository.Claimed> claimed = repository.claim(now, now.plus(lease), free, PER_CHANNEL, List.copyOf(busy));
        Map<UUID, List<DeliveryRepository.Claimed>> byChannel = new LinkedHashMap<>();
        for (DeliveryRepository.Claimed c : claimed) {
            byChannel.computeIfAbsent(c.channel().id(), id -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<UUID, List<DeliveryRepository.Claimed>> batch : byChannel.entrySet()) {
            busy.add(batch.getKey());
            pool.execute(() -> {
                try {
                    batch.getValue().forEach(this::attempt);
                } finally {
                    busy.remove(batch.getKey());
                    wake();
                }
            });
        }
        return !claimed.isEmpty();
    }

    private void pause() {
        synchronized (signal) {
            if (!woken && !stopped) {
                try {
                    signal.wait(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            woken = false;
        }
    }

    /** One try of one delivery, its outcome stored; a delivery whose outcome cannot be stored is tried again after its lease. */
    void attempt(DeliveryRepository.Claimed c) {
        if (stopped) {
            return; // its lease runs out and it is tried again
        }
        Channel channel = c.channel();
        ChannelType type = channel.type();
        try {
            CircuitBreaker breaker = breakers.of(channel);
            if (!breaker.tryAcquirePermission()) {
                Instant now = clock.instant();
                Instant next = now.plus(policy.breakerOpen());
                repository.deferred(c.id(), next, "not tried: the channel's circuit is open after repeated failures; next try at " + next,
                        now);
                meters.count(type, Result.DEFERRED);
                return;
            }
            int attempt = c.attempts() + 1;
            long start = System.nanoTime();
            try {
                Integer status = senders.get(type).send(channel, new Outgoing(c.id(), c.notice(), attempt,
                        settings.alertLink(c.notice().alertId()), false));
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                repository.delivered(c.id(), attempt, status, clock.instant());
                meters.count(type, Result.DELIVERED);
                log.atDebug().addKeyValue("delivery", c.id()).addKeyValue("channel", channel.name()).addKeyValue("attempt", attempt)
                        .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000).log("alert delivered");
            } catch (DeliveryFailure e) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                failed(c, attempt, e.getMessage(), e.status());
            } catch (RuntimeException e) { // a bug in a sender must not stop the others: the try failed
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                log.atWarn().setCause(e).addKeyValue("delivery", c.id()).addKeyValue("channel", channel.name())
                        .log("alert channel failed unexpectedly");
                failed(c, attempt, "unexpected failure: " + e.getClass().getSimpleName(), null);
            }
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("delivery", c.id()).addKeyValue("error", e.toString())
                    .log("cannot store an alert delivery's outcome; it is tried again after its lease");
        }
    }

    private void failed(DeliveryRepository.Claimed c, int attempt, String why, Integer status) {
        Instant now = clock.instant();
        ChannelType type = c.channel().type();
        if (attempt >= policy.maxAttempts()) {
            repository.failed(c.id(), attempt, why, status, now);
            meters.count(type, Result.FAILED);
            log.atWarn().addKeyValue("delivery", c.id()).addKeyValue("alert", c.alertId()).addKeyValue("channel", c.channel().name())
                    .addKeyValue("attempts", attempt).addKeyValue("error", why).log("alert delivery failed for good");
        } else {
            Instant next = now.plus(policy.backoff(attempt));
            repository.retryAt(c.id(), attempt, next, why, status, now);
            meters.count(type, Result.RETRY);
            log.atInfo().addKeyValue("delivery", c.id()).addKeyValue("channel", c.channel().name()).addKeyValue("attempt", attempt)
                    .addKeyValue("next", next).addKeyValue("error", why).log("alert delivery failed; it is tried again");
        }
    }

    private void purgeHourly() {
        Instant now = clock.instant();
        if (lastPurge == null || Duration.between(lastPurge, now).compareTo(PURGE_EVERY) >= 0) {
            lastPurge = now;
            int purged = repository.purge(now.minus(Duration.ofDays(policy.keepDays())));
            if (purged > 0) {
                log.atInfo().addKeyValue("deleted", purged).addKeyValue("keepDays", policy.keepDays()).log("old alert deliveries deleted");
            }
        }
    }

    /** Stops claiming; tries in progress get a moment, then the senders stop (what they held is sent again after its lease). */
    @Override
    public void close() {
        stopped = true;
        wake();
        try {
            thread.join(5000);
            pool.shutdown();
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}

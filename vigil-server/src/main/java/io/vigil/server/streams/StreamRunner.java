package io.vigil.server.streams;

import io.vigil.server.settings.Thresholds;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's consumer, on a thread of its own: polls records and hands each partition's share to its
 * scoring lane ({@link ScoringLanes}: one partition's records in order on one thread, several partitions side
 * by side), which scores them through serving's one path and sends each verdict (and alert, and dead letter)
 * without waiting. The consumer commits a batch's offsets only once its lane is done and the brokers
 * acknowledged every record it sent, oldest batch first (at least once). When more records wait to be scored
 * or acknowledged than the stream allows, its partitions are paused (backpressure) until they drain. After an
 * error it starts again from the last committed offsets: records scored twice carry the same prediction id.
 */
final class StreamRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamRunner.class);
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration RETRY = Duration.ofSeconds(1);
    /** A paused consumer's poll: short, so it resumes soon after the lanes drain. */
    static final Duration PAUSED_POLL = Duration.ofMillis(10);
    /** How long a rebalance or a stop waits for a lane to finish a batch before leaving it uncommitted. */
    static final Duration HAND_BACK = Duration.ofSeconds(60);

    private final StreamDefinition definition;
    private final String brokers;
    private final BatchScoring scoring;
    private final StreamCounters counters;
    private final StreamMeters meters;
    private final Thread thread;
    private final ArrayDeque<InFlightBatch> pending = new ArrayDeque<>();
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile RuntimeException crashed; // a lane's failure, which the consumer thread rethrows

    StreamRunner(StreamDefinition definition, String brokers, StreamScoring scoring, Supplier<Thresholds> thresholds,
                 StreamCounters counters, StreamMeters meters) {
        this.definition = definition;
        this.brokers = brokers;
        this.scoring = new BatchScoring(definition, scoring, thresholds, counters, meters);
        this.counters = counters;
        this.meters = meters;
        this.thread = new Thread(this::run, "vigil-stream-" + definition.name());
        this.thread.setDaemon(true);
    }

    StreamRunner start() {
        thread.start();
        return this;
    }

    StreamDefinition definition() {
        return definition;
    }

    String brokers() {
        return brokers;
    }

    StreamStatus status() {
        return counters.status(definition);
    }

    private void run() {
        while (!stopping) {
            try {
                consumeUntilStopped();
            } catch (RuntimeException e) {
                if (stopping) {
                    break;
                }
                counters.state("retrying");
                counters.error(describe(e));
                log.atWarn().addKeyValue("stream", definition.name()).setCause(e).log("stream failed; starting again from its committed offsets");
                sleep(RETRY);
            }
        }
        counters.state("stopped");
    }

    private void consumeUntilStopped() {
        pending.clear();
        crashed = null;
        // closed in reverse: the lanes first (finishing the batch each is on), then the consumer (its rebalance
        // listener commits what was acknowledged), then the producer
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(StreamClients.producer(definition, brokers));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(StreamClients.consumer(definition, brokers));
             ScoringLanes lanes = new ScoringLanes(definition.name(), definition.threads())) {
            this.consumer = consumer;
            if (stopping) {
                return;
            }
            consumer.subscribe(List.of(definition.inputTopic()), new Rebalance(consumer, producer));
            counters.state("running");
            while (!stopping) {
                rethrowLaneFailure();
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(consumer.paused().isEmpty() ? POLL : PAUSED_POLL);
                } catch (WakeupException e) {
                    continue; // close() wants us out, or a lane failed
                }
                if (!polled.isEmpty()) {
                    handOver(polled, producer, lanes);
                }
                commitAcknowledged(consumer, false);
                holdBack(consumer);
                if (counters.sampleDue()) {
                    sample(consumer);
                }
            }
            awaitLanes(); // a clean stop: whatever was scored is written and committed
            producer.flush();
            commitAcknowledged(consumer, true);
        } finally {
            this.consumer = null;
        }
    }

    private void rethrowLaneFailure() {
        RuntimeException e = crashed;
        if (e != null) {
            throw e;
        }
    }

    /** Hands each partition's polled records to its scoring lane; remembers their offsets until their verdicts are acknowledged. */
    private void handOver(ConsumerRecords<byte[], byte[]> polled, KafkaProducer<byte[], byte[]> producer, ScoringLanes lanes) {
        counters.consumed.addAndGet(polled.count());
        for (TopicPartition tp : polled.partitions()) {
            InFlightBatch batch = new InFlightBatch(polled.records(tp));
            pending.addLast(batch);
            lanes.submit(tp.partition(), batch, b -> scoreOnLane(b, producer));
        }
    }

    /** On a scoring lane: a failure other than a refused record stops the consumer, which starts again from its commits. */
    private void scoreOnLane(InFlightBatch batch, KafkaProducer<byte[], byte[]> producer) {
        try {
            if (crashed == null) { // after a failure the consumer starts again: what is queued behind it is not scored
                scoring.scoreAndSend(batch, producer);
                batch.sealed();
                return;
            }
        } catch (RuntimeException e) {
            crashed = e;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }
        batch.abandon();
    }

    /** Waits until the lanes are done with every batch handed over (or {@code HAND_BACK} passed for one). */
    private void awaitLanes() {
        for (InFlightBatch batch : pending) {
            try {
                if (!batch.awaitSealed(HAND_BACK.toMillis())) {
                    return; // neither it nor any batch after it is committed
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Commits the offsets of the oldest batches whose every record the brokers acknowledged, in order. A batch
     * whose send failed sends the consumer back to its first offsets (it and the batches after it are scored again).
     */
    private void commitAcknowledged(KafkaConsumer<byte[], byte[]> consumer, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        while (!pending.isEmpty() && pending.peekFirst().acknowledged()) {
            InFlightBatch head = pending.peekFirst();
            if (head.abandoned) {
                break; // not scored: it and what follows are scored again from the last commit
            }
            if (head.failure != null) {
                counters.error("a record was not written: " + describe(head.failure) + "; scoring again from offset(s) " + head.first);
                log.atWarn().addKeyValue("stream", definition.name()).setCause(head.failure)
                        .log("the brokers refused a record; the batch is scored again");
                rewind(consumer, head);
                break;
            }
            pending.removeFirst();
            done.putAll(head.next);
        }
        if (done.isEmpty()) {
            return;
        }
        done.keySet().retainAll(consumer.assignment()); // a partition given away is committed by its new owner's replay
        if (done.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(done);
        } else {
            consumer.commitAsync(done, (offsets, e) -> {
                if (e != null) { // a later commit covers it; a restart replays from the one before
                    counters.error("offsets not committed: " + describe(e));
                }
            });
        }
    }

    private void rewind(KafkaConsumer<byte[], byte[]> consumer, InFlightBatch failed) {
        Map<TopicPartition, Long> from = new HashMap<>(failed.first);
        for (InFlightBatch later : pending) {
            later.first.forEach(from::putIfAbsent);
        }
        pending.clear();
        from.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    /** Pauses every partition while too many records wait for a lane or for the brokers; resumes them once they drained. */
    private void holdBack(KafkaConsumer<byte[], byte[]> consumer) {
        int waiting = 0;
        for (InFlightBatch batch : pending) {
            waiting += batch.waiting();
        }
        if (waiting >= definition.inFlight()) {
            if (consumer.paused().size() < consumer.assignment().size()) {
                consumer.pause(consumer.assignment());
                counters.state("backpressure");
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
            counters.state("running");
        }
    }

    private void sample(KafkaConsumer<byte[], byte[]> consumer) {
        Map<Integer, Long> lags = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            lags.put(tp.partition(), lag.isPresent() ? lag.getAsLong() : -1L);
        }
        counters.sample(lags);
        meters.watchPartitions(lags.keySet());
    }

    /** Rebalances: before partitions go, everything scored is written and committed, so their new owner starts after it. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;

        Rebalance(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer) {
            this.consumer = consumer;
            this.producer = producer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            awaitLanes();
            producer.flush();
            commitAcknowledged(consumer, true);
            pending.clear(); // a failed batch left here is replayed by the partitions' next owner, from the last commit
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.clear(); // no longer ours to commit: their next owner replays them
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.atInfo().addKeyValue("stream", definition.name()).addKeyValue("partitions", partitions.size()).log("stream partitions assigned");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops consuming: what was scored is written and its offsets committed first. */
    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.close();
    }
}

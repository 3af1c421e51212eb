package io.vigil.server.streams;

import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.Instances;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.RowOutcome;
import io.vigil.server.settings.Thresholds;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's consumer, on a thread of its own: polls a batch, scores it through serving's one path,
 * sends each verdict (and alert, and dead letter) without waiting, and commits a batch's offsets only once
 * the brokers acknowledged every record it sent (at least once). When more scored records wait for
 * acknowledgement than the stream allows, its partitions are paused (backpressure) until they drain. After an
 * error it starts again from the last committed offsets: records scored twice carry the same prediction id.
 */
final class StreamRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamRunner.class);
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration RETRY = Duration.ofSeconds(1);

    private final StreamDefinition definition;
    private final String brokers;
    private final StreamScoring scoring;
    private final Supplier<Thresholds> thresholds;
    private final StreamCounters counters;
    private final StreamMeters meters;
    private final Thread thread;
    private final ArrayDeque<InFlightBatch> pending = new ArrayDeque<>();
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    StreamRunner(StreamDefinition definition, String brokers, StreamScoring scoring, Supplier<Thresholds> thresholds,
                 StreamCounters counters, StreamMeters meters) {
        this.definition = definition;
        this.brokers = brokers;
        this.scoring = scoring;
        this.thresholds = thresholds;
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
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(StreamClients.producer(definition, brokers));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(StreamClients.consumer(definition, brokers))) {
            this.consumer = consumer;
            if (stopping) {
                return;
            }
            consumer.subscribe(List.of(definition.inputTopic()), new Rebalance(consumer, producer));
            counters.state("running");
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(POLL);
                } catch (WakeupException e) {
                    break; // close() wants us out
                }
                if (!polled.isEmpty()) {
                    send(polled, producer);
                }
                commitAcknowledged(consumer, false);
                holdBack(consumer);
                if (counters.sampleDue()) {
                    sample(consumer);
                }
            }
            producer.flush(); // a clean stop: whatever was scored is written and committed
            commitAcknowledged(consumer, true);
        } finally {
            this.consumer = null;
        }
    }

    /** Scores the polled records as one batch and sends what each became; remembers their offsets until acknowledged. */
    private void send(ConsumerRecords<byte[], byte[]> polled, KafkaProducer<byte[], byte[]> producer) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(polled.count());
        polled.forEach(all::add);
        counters.consumed.addAndGet(all.size());
        InFlightBatch batch = new InFlightBatch(all);
        List<ConsumerRecord<byte[], byte[]>> good = new ArrayList<>(all.size());
        Instances records = Instances.empty(); // each record read straight into the batch's columns
        for (ConsumerRecord<byte[], byte[]> in : all) {
            String refused = records.add(in.value());
            if (refused != null) {
                deadLetter(batch, producer, in, refused);
            } else {
                good.add(in);
            }
        }
        if (!good.isEmpty()) {
            BatchResult result;
            try {
                result = scoring.score(definition.modelType(), records, definition.explains());
            } catch (VigilException e) { // no model deployed to the type, or it cannot explain: every record says why
                for (ConsumerRecord<byte[], byte[]> in : good) {
                    deadLetter(batch, producer, in, e.getMessage());
                }
                result = null;
            }
            if (result != null) {
                sendVerdicts(batch, producer, good, result);
            }
        }
        batch.sealed();
        pending.addLast(batch);
    }

    private void sendVerdicts(InFlightBatch batch, KafkaProducer<byte[], byte[]> producer, List<ConsumerRecord<byte[], byte[]>> good,
                              BatchResult result) {
        Thresholds.ModelTypeThresholds limits = thresholds.get().of(definition.modelType());
        double alertAt = definition.criticalOnly() ? limits.critical() : limits.event();
        int scored = 0;
        int alerted = 0;
        for (int i = 0; i < good.size(); i++) {
            ConsumerRecord<byte[], byte[]> in = good.get(i);
            Object answer = result.predictions().get(i);
            if (answer instanceof RowOutcome refused) {
                deadLetter(batch, producer, in, StreamRecords.reason(refused));
                continue;
            }
            PredictionResult r = (PredictionResult) answer;
            boolean alert = r.threat() != null && (r.threat().score() >= alertAt
                    || !definition.criticalOnly() && r.threat().rulesFired() != null && !r.threat().rulesFired().isEmpty());
            StreamVerdict verdict = StreamVerdict.of(definition.name(), new StreamVerdict.Source(in.topic(), in.partition(), in.offset()), r,
                    alert);
            byte[] json = Json.bytes(verdict);
            batch.send(producer, StreamRecords.verdict(definition.outputTopic(), in, verdict.predictionId(), json));
            scored++;
            if (alert && definition.alertsTopic() != null) {
                batch.send(producer, StreamRecords.verdict(definition.alertsTopic(), in, verdict.predictionId(), json));
                alerted++;
            }
        }
        counters.scored.addAndGet(scored);
        counters.alerts.addAndGet(alerted);
        meters.scored.increment(scored);
        meters.alerted.increment(alerted);
    }

    private void deadLetter(InFlightBatch batch, KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> in, String reason) {
        batch.send(producer, StreamRecords.deadLetter(definition.deadLetterTopic(), definition.name(), in, reason));
        counters.deadLettered.incrementAndGet();
        meters.deadLettered.increment();
    }

    /**
     * Commits the offsets of the oldest batches whose every record the brokers acknowledged, in order. A batch
     * whose send failed sends the consumer back to its first offsets (it and the batches after it are scored again).
     */
    private void commitAcknowledged(KafkaConsumer<byte[], byte[]> consumer, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        while (!pending.isEmpty() && pending.peekFirst().acknowledged()) {
            InFlightBatch head = pending.peekFirst();
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

    /** Pauses every partition while too many scored records wait for the brokers; resumes them once they drained. */
    private void holdBack(KafkaConsumer<byte[], byte[]> consumer) {
        int waiting = 0;
        for (InFlightBatch batch : pending) {
            waiting += batch.unacknowledged.get();
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

package io.vigil.server.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Polled records of one partition on their way through a scoring lane: the first and next offset, whether
 * the lane is done with them (sealed), and how many of their sends wait for the brokers. Their offsets may
 * be committed once sealed and every send acknowledged.
 */
final class InFlightBatch {
    final List<ConsumerRecord<byte[], byte[]>> records;
    final Map<TopicPartition, Long> first = new HashMap<>();
    final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    final AtomicInteger unacknowledged = new AtomicInteger(1); // 1 until sealed: no send seen yet is not "all acknowledged"
    private final CountDownLatch sealed = new CountDownLatch(1);
    volatile Exception failure;
    /** Not scored (its lane failed or stopped first): nothing at or after it may be committed. */
    volatile boolean abandoned;

    InFlightBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        this.records = records;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
    }

    void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        unacknowledged.incrementAndGet();
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failure = e;
            }
            unacknowledged.decrementAndGet();
        });
    }

    /** The lane is done: every send it makes is made. */
    void sealed() {
        if (sealed.getCount() > 0) {
            unacknowledged.decrementAndGet();
            sealed.countDown();
        }
    }

    /** The lane will not score it: sealed, and never committed. */
    void abandon() {
        abandoned = true;
        sealed();
    }

    boolean isSealed() {
        return sealed.getCount() == 0;
    }

    /** Waits until the lane is done with it; false after {@code millis}. */
    boolean awaitSealed(long millis) throws InterruptedException {
        return sealed.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean acknowledged() {
        return unacknowledged.get() == 0;
    }

    /** Records held in memory on its account: all of them until scored, then the sends not yet acknowledged. */
    int waiting() {
        return isSealed() ? unacknowledged.get() : records.size();
    }
}

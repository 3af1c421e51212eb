package io.vigil.server.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** A polled batch: the first and next offset of each partition, and how many of its sends wait for the brokers. */
final class InFlightBatch {
    final Map<TopicPartition, Long> first = new HashMap<>();
    final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    final AtomicInteger unacknowledged = new AtomicInteger(1); // 1 until sealed: no send seen yet is not "all acknowledged"
    volatile Exception failure;

    InFlightBatch(List<ConsumerRecord<byte[], byte[]>> records) {
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

    void sealed() {
        unacknowledged.decrementAndGet();
    }

    boolean acknowledged() {
        return unacknowledged.get() == 0;
    }
}

package io.vigil.server.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A partition's batches one at a time in their order; other partitions beside them; batches not begun abandoned on close. */
class ScoringLanesTest {

    @Test
    void eachPartitionInOrderOnePartitionAtATimeOthersBesideIt() throws Exception {
        int partitions = 3;
        int perPartition = 300;
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlapsInAPartition = new AtomicInteger();
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<InFlightBatch> batches = new ArrayList<>();
        try (ScoringLanes lanes = new ScoringLanes("t", 4)) {
            for (int i = 0; i < perPartition; i++) {
                for (int p = 0; p < partitions; p++) {
                    int partition = p;
                    int sequence = i;
                    InFlightBatch batch = new InFlightBatch(List.of());
                    batches.add(batch);
                    lanes.submit(partition, batch, b -> {
                        if (running.computeIfAbsent(partition, k -> new AtomicInteger()).incrementAndGet() > 1) {
                            overlapsInAPartition.incrementAndGet();
                        }
                        if (sequence == 0 && partition < 2) { // partitions 0 and 1 must be on two threads at once
                            bothStarted.countDown();
                            await(bothStarted);
                        }
                        seen.computeIfAbsent(partition, k -> Collections.synchronizedList(new ArrayList<>())).add(sequence);
                        Thread.onSpinWait();
                        running.get(partition).decrementAndGet();
                        b.sealed();
                    });
                }
            }
            for (InFlightBatch b : batches) {
                assertThat(b.awaitSealed(10_000)).isTrue();
            }
        }
        assertThat(bothStarted.getCount()).as("two partitions scored at the same time").isZero();
        assertThat(overlapsInAPartition).hasValue(0);
        for (int p = 0; p < partitions; p++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perPartition; i++) {
                expected.add(i);
            }
            assertThat(seen.get(p)).as("partition %d in the order handed over", p).isEqualTo(expected);
        }
        assertThat(batches).noneMatch(b -> b.abandoned);
    }

    @Test
    void closingFinishesTheBatchBeingScoredAndAbandonsTheOthers() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, InFlightBatch> batches = new HashMap<>();
        for (String name : List.of("running", "behind-1", "behind-2")) {
            batches.put(name, new InFlightBatch(List.of()));
        }
        ScoringLanes lanes = new ScoringLanes("t", 1);
        lanes.submit(0, batches.get("running"), b -> {
            started.countDown();
            await(release);
            b.sealed();
        });
        lanes.submit(0, batches.get("behind-1"), InFlightBatch::sealed);
        lanes.submit(0, batches.get("behind-2"), InFlightBatch::sealed);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closing = new Thread(lanes::close);
        closing.start();
        Thread.sleep(50);
        assertThat(closing.isAlive()).as("close waits for the batch being scored").isTrue();
        release.countDown();
        closing.join(10_000);
        assertThat(closing.isAlive()).isFalse();
        assertThat(batches.get("running").abandoned).isFalse();
        assertThat(batches.get("running").acknowledged()).isTrue();
        assertThat(batches.get("behind-1").abandoned).isTrue();
        assertThat(batches.get("behind-2").abandoned).isTrue();
        assertThat(batches.get("behind-2").isSealed()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.vigil.server.serving.scoring;

import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelSelector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow mode, off the request path: a request thread only offers a copy of what the champion
 * scored to a bounded queue (never waits: a full queue drops the copy and counts it); one thread
 * takes the copies, has the challenger score the same records, logs its predictions as the
 * shadows of the champion's (answered to nobody), and counts per experiment how many rows were
 * compared and how many the two agreed on. Monitoring drains the counts ({@link #drainCounts}).
 */
public final class ShadowScorer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShadowScorer.class);

    /** What one experiment's shadow did since the counts were last drained. */
    public record Counts(long compared, long agreed, long dropped, long failed) {}

    private sealed interface Copy permits Single, Batch {
        ExperimentArm arm();

        ModelSelector challenger();

        int rows();
    }

    /** A single prediction's copy: the record as sent, and the champion's answer. */
    private record Single(ExperimentArm arm, ModelSelector challenger, Map<String, Object> raw, UUID championId, String championLabel)
            implements Copy {
        @Override
        public int rows() {
            return 1;
        }
    }

    /** A batch's copy: the records the champion scored ({@code rows}), its first prediction id and its labels in order. */
    private record Batch(ExperimentArm arm, ModelSelector challenger, Instances in, int[] records, UUID championFirstId,
                         String[] championLabels) implements Copy {
        @Override
        public int rows() {
            return records.length;
        }
    }

    private final Predictor predictor;
    private final Function<ModelSelector, LoadedModel> resolver;
    private final BlockingQueue<Copy> queue;
    private final ConcurrentHashMap<UUID, AtomicLong[]> counts = new ConcurrentHashMap<>();
    private final Thread worker;
    private volatile boolean running = true;

    /** {@code capacity} copies wait at most; {@code resolver} finds the challenger (on the shadow's thread). */
    public ShadowScorer(Predictor predictor, Function<ModelSelector, LoadedModel> resolver, int capacity) {
        this.predictor = predictor;
        this.resolver = resolver;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::work, "vigil-shadow");
        worker.setDaemon(true);
        worker.start();
    }

    /** Offers the copy of one champion prediction of {@code raw}; never blocks. */
    public void offer(ExperimentArm arm, ModelSelector challenger, Map<String, Object> raw, PredictionResult champion) {
        offer(new Single(arm, challenger, raw, champion.predictionId(), champion.label()));
    }

    /** Offers the copy of a champion's batch read by columns (the records it scored); never blocks. */
    public void offer(ExperimentArm arm, ModelSelector challenger, Instances in, ScoredInstances champion) {
        ScoredTable scored = champion.scored();
        int n = scored.outputs().rows();
        if (n == 0) {
            return;
        }
        int[] records = new int[n];
        String[] labels = new String[n];
        for (int r = 0; r < champion.scoredRow().length; r++) {
            int k = champion.scoredRow()[r];
            if (k >= 0) {
                records[k] = r;
                labels[k] = scored.outputs().label(k);
            }
        }
        offer(new Batch(arm, challenger, in, records, scored.firstId(), labels));
    }

    /** Offers the copies of each prediction of a champion's batch scored record by record; never blocks. */
    public void offer(ExperimentArm arm, ModelSelector challenger, List<Map<String, Object>> raw, BatchResult champion) {
        int i = 0;
        for (Object item : champion.predictions()) {
            if (item instanceof PredictionResult p) {
                offer(arm, challenger, raw.get(i), p);
            }
            i++;
        }
    }

    private void offer(Copy copy) {
        if (!running || !queue.offer(copy)) {
            countsOf(copy.arm().id())[2].addAndGet(copy.rows());
        }
    }

    /** Copies waiting. */
    public int queued() {
        return queue.size();
    }

    /** What each experiment's shadow did since the last call, and those counts set back to zero. */
    public Map<UUID, Counts> drainCounts() {
        Map<UUID, Counts> out = new HashMap<>();
        counts.forEach((id, c) -> {
            Counts drained = new Counts(c[0].getAndSet(0), c[1].getAndSet(0), c[2].getAndSet(0), c[3].getAndSet(0));
            if (drained.compared() + drained.dropped() + drained.failed() > 0) {
                out.put(id, drained);
            }
        });
        return out;
    }

    private AtomicLong[] countsOf(UUID experiment) {
        return counts.computeIfAbsent(experiment, id -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()});
    }

    private void work() {
        while (running || !queue.isEmpty()) {
            Copy copy;
            try {
                copy = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (copy != null) {
                score(copy);
            }
        }
    }

    private void score(Copy copy) {
        AtomicLong[] c = countsOf(copy.arm().id());
        try {
            LoadedModel challenger = resolver.apply(copy.challenger());
            if (copy instanceof Single s) {
                PredictionResult shadow = predictor.shadow(challenger, s.raw(), s.arm(), s.championId());
                c[0].incrementAndGet();
                c[1].addAndGet(shadow.label().equals(s.championLabel()) ? 1 : 0);
            } else if (copy instanceof Batch b) {
                ScoredTable shadow = predictor.shadowInstances(challenger, b.in(), b.records(), b.arm(), b.championFirstId());
                if (shadow == null) {
                    c[3].addAndGet(b.rows());
                    return;
                }
                long agreed = 0;
                for (int k = 0; k < b.rows(); k++) {
                    agreed += shadow.outputs().label(k).equals(b.championLabels()[k]) ? 1 : 0;
                }
                c[0].addAndGet(b.rows());
                c[1].addAndGet(agreed);
            }
        } catch (VigilException e) { // the challenger refuses a record the champion took, or is gone
            c[3].addAndGet(copy.rows());
        } catch (RuntimeException e) {
            c[3].addAndGet(copy.rows());
            log.atWarn().setCause(e).addKeyValue("experimentId", copy.arm().id()).log("a shadow copy could not be scored");
        }
    }

    /** Stops taking copies; those queued are scored first (bounded wait). */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(5));
            if (worker.isAlive()) {
                worker.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

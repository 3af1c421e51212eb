package io.vigil.server.eventsearch;

import io.vigil.server.eventsearch.EmbeddingRepository.StoredEmbedding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text vectors made off the caller's thread. Indexed events wait in a bounded queue; one thread
 * ({@code vigil-search-embed}) takes them in batches and for each uses, in order: the embedding it made
 * last for the same text (a small in-memory cache), the one stored in {@code security_event_embeddings}
 * for the same model and text, or the model (then stores it). The event's document is then written
 * again with its vector.
 *
 * <p>Nothing is lost when the queue is full: the event's document is already in the index, marked
 * pending, and when the queue is empty the thread sweeps the index for pending documents (after a
 * rebuild, or a restart after a crash, too). An event whose text the model cannot embed is logged and
 * left pending; it is tried again at the next start.
 */
final class TextVectors implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TextVectors.class);
    private static final int BATCH = 32;
    private static final int SWEEP = 1_024;
    private static final int RECENT = 2_048;

    private final EventIndex index;
    private final TextEmbedder embedder;
    private final EmbeddingRepository repository;
    private final Consumer<SearchableEvent> writer; // writes the event's document again, with its text vector from cached()
    private final BlockingQueue<SearchableEvent> queue;
    private final Map<UUID, StoredEmbedding> recent = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, StoredEmbedding> eldest) {
            return size() > RECENT;
        }
    });
    private final Set<UUID> failed = Collections.synchronizedSet(new HashSet<>());
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean busy;

    TextVectors(EventIndex index, TextEmbedder embedder, EmbeddingRepository repository, int capacity, Consumer<SearchableEvent> writer) {
        this.index = index;
        this.embedder = embedder;
        this.repository = repository;
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "vigil-search-embed");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The text vector already made for exactly this event's text, if this instance holds it. */
    float[] cached(SearchableEvent e) {
        StoredEmbedding s = recent.get(e.id());
        return s != null && s.isOf(embedder.model(), e.text()) ? s.vector() : null;
    }

    /** Queues an event whose document is pending; false when the queue is full (the sweep will find it). */
    boolean offer(SearchableEvent e) {
        return queue.offer(e);
    }

    /** Whether nothing is queued or being embedded (pending documents in the index may remain: see {@link EventIndex#pendingCount}). */
    boolean idle() {
        return queue.isEmpty() && !busy;
    }

    long embedded() {
        return embedded.get();
    }

    long reused() {
        return reused.get();
    }

    private void run() {
        long lastSweep = 0;
        while (running) {
            try {
                SearchableEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                busy = true;
                if (first != null) {
                    List<SearchableEvent> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    vectors(batch);
                } else if (System.nanoTime() - lastSweep > 500_000_000L) {
                    // one refresh per sweep (the sweep must see the vectors written so far, or it would embed them again),
                    // then its events in batches: a refresh per batch would make a tiny segment each time
                    index.refresh();
                    List<SearchableEvent> swept = new ArrayList<>();
                    for (SearchableEvent e : index.pending(SWEEP + failed.size())) if (!failed.contains(e.id())) swept.add(e);
                    for (int i = 0; i < swept.size() && running; i += BATCH) vectors(swept.subList(i, Math.min(swept.size(), i + BATCH)));
                    if (swept.isEmpty()) lastSweep = System.nanoTime(); // nothing to catch up: sweep again in a while
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.atError().setCause(e).log("search: text vectors failed for a batch; its events stay pending");
                pause();
            } finally {
                busy = false;
            }
        }
    }

    /** Makes (or finds) the text vectors of a batch and writes each event's document again. */
    private void vectors(List<SearchableEvent> batch) {
        Map<UUID, StoredEmbedding> stored = storedFor(batch);
        List<StoredEmbedding> made = new ArrayList<>();
        for (SearchableEvent e : batch) {
            StoredEmbedding s = recent.get(e.id());
            if (s == null || !s.isOf(embedder.model(), e.text())) s = stored.get(e.id());
            if (s != null && s.isOf(embedder.model(), e.text())) {
                reused.incrementAndGet();
            } else {
                float[] v;
                try {
                    v = embedder.embed(e.text());
                } catch (RuntimeException ex) {
                    failed.add(e.id());
                    log.atWarn().addKeyValue("event", e.id()).addKeyValue("error", ex.toString()).log("search: cannot embed an event's text");
                    continue;
                }
                embedded.incrementAndGet();
                s = new StoredEmbedding(e.id(), embedder.model(), EmbeddingRepository.sha256(e.text()), v);
                made.add(s);
            }
            recent.put(e.id(), s);
            writer.accept(e);
        }
        try {
            repository.save(made);
        } catch (RuntimeException ex) { // the index has them; a rebuild would embed these again
            log.atWarn().addKeyValue("embeddings", made.size()).addKeyValue("error", ex.toString()).log("search: cannot store embeddings");
        }
    }

    private Map<UUID, StoredEmbedding> storedFor(List<SearchableEvent> batch) {
        List<UUID> ids = new ArrayList<>();
        for (SearchableEvent e : batch) if (cached(e) == null) ids.add(e.id());
        try {
            return repository.find(ids);
        } catch (RuntimeException ex) {
            log.atWarn().addKeyValue("error", ex.toString()).log("search: cannot read stored embeddings; embedding again");
            return Map.of();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false; // no interrupt: the thread may be writing to the index, whose files an interrupt would close for good
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

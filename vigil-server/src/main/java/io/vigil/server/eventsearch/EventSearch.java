package io.vigil.server.eventsearch;

import io.vigil.server.core.VigilException;
import io.vigil.server.eventsearch.FeatureScales.FeatureScale;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.lucene.search.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search over security events (wired): similar events by their standardised features, and events by
 * what a query in words means. One Lucene index under {@code <dataDir>/search}, fed by {@link #index}.
 *
 * <p><b>Similar events.</b> Each event of a model type that {@link FeatureScales} knows gets the vector
 * {@code (x - mean) / std} of its raw input, per numeric feature in the scales' order (missing or
 * non-numeric: 0). {@code similar} answers the k nearest events of the same model type by Euclidean
 * distance over Lucene's HNSW graph, asked for max(400, 40 k) neighbours of which the k best are kept
 * (recall@10 ≥ 0.95 against brute force, BENCHMARKS.md). Vectors are made with the scales at indexing
 * time; a model type whose feature list changes (a new version reading other inputs) starts a new
 * vector field, and its older events are found again once {@link #rebuild} re-reads them.
 *
 * <p><b>Search in words.</b> Each event's {@link SearchableEvent#text} is embedded by the
 * {@link TextEmbedder} (all-MiniLM-L6-v2, in process) off the caller's thread, and stored in
 * {@code security_event_embeddings} so a rebuild does not embed it again. {@link #search} reads filter
 * words out of the query ({@link QueryWords}: time, severity, divergence, rules, model type), embeds what
 * is left and answers the nearest events by cosine, with the filters read (compared exactly up to 200,000
 * events, through the HNSW graph beyond: {@link ExactUpToQuery}). An event is findable by words
 * once its text is embedded (milliseconds later; {@link SearchAnswer#pendingEmbeddings} counts the rest).
 *
 * <p><b>Freshness and durability.</b> Writes are seen by searches within a second (a refresh every
 * second) and made durable every ten seconds and at {@link #close}. At {@link #start}, an index that is
 * missing, unreadable, or holds a different number of events than {@link StoredEvents#count} is emptied
 * and rebuilt from {@link StoredEvents} on a background thread ({@link SearchStatus#state}
 * {@code rebuilding}: answers meanwhile cover the events read back so far).
 *
 * <p>Every operation is thread-safe. Bad arguments are {@link VigilException}s naming the field.
 */
public final class EventSearch implements AutoCloseable {
    /** The largest k either search answers. */
    public static final int MAX_K = 1_000;
    /** The longest query in words. */
    public static final int MAX_QUERY_CHARS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(EventSearch.class);
    private static final int REBUILD_BATCH = 256;
    /** Texts are compared exactly up to this many events (templated texts defeat HNSW; {@link ExactUpToQuery}). */
    static final int EXACT_TEXT_UP_TO = 200_000;

    private final Path directory;
    private final FeatureScales scales;
    private final StoredEvents stored;
    private final EmbeddingRepository embeddings;
    private final TextEmbedder embedder;
    private final QueryWords words;
    private final int queueCapacity;
    private volatile EventIndex index;
    private volatile TextVectors vectors;
    private volatile ScheduledExecutorService upkeep;
    private volatile String state = "stopped";

    /**
     * @param dataDir       Vigil's data directory; the index lives in {@code <dataDir>/search}
     * @param scales        each model type's features with their means and standard deviations
     * @param stored        the stored events, read back when the index must be rebuilt
     * @param embeddings    the stored embeddings
     * @param embedder      the sentence model ({@link MiniLmEmbedder}); null when search by meaning is off ({@code search.embeddings}):
     *                      events are indexed with their features and pending text vectors, made if a later start has a model
     * @param clock         the time words are read against
     * @param queueCapacity events that may wait for their text vector in memory (more wait in the index)
     */
    public EventSearch(Path dataDir, FeatureScales scales, StoredEvents stored, EmbeddingRepository embeddings, TextEmbedder embedder,
                       Clock clock, int queueCapacity) {
        this.directory = dataDir.resolve("search");
        this.scales = scales;
        this.stored = stored;
        this.embeddings = embeddings;
        this.embedder = embedder;
        this.words = new QueryWords(clock);
        this.queueCapacity = queueCapacity;
    }

    /** Opens the index, or starts rebuilding it (see the class comment); returns without waiting for a rebuild. */
    public synchronized void start() {
        if (index != null) return;
        EventIndex opened = EventIndex.open(directory);
        boolean rebuild = opened.created();
        if (!rebuild) {
            long inDatabase = stored.count();
            int inIndex = opened.count();
            if (inDatabase != inIndex) {
                log.atInfo().addKeyValue("indexed", inIndex).addKeyValue("stored", inDatabase).log("search index out of step: rebuilt");
                rebuild = true;
            }
        }
        index = opened;
        if (embedder != null) {
            vectors = new TextVectors(opened, embedder, embeddings, queueCapacity, this::writeEmbedded);
            vectors.start();
        }
        upkeep = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-search-upkeep");
            t.setDaemon(true);
            return t;
        });
        upkeep.scheduleWithFixedDelay(() -> quietly("refresh", EventIndex::refresh), 1, 1, TimeUnit.SECONDS);
        upkeep.scheduleWithFixedDelay(() -> quietly("commit", EventIndex::commit), 10, 10, TimeUnit.SECONDS);
        if (rebuild) {
            startRebuild();
        } else {
            state = "ready";
        }
    }

    /** Empties the index and reads every stored event back into it on a background thread (stored embeddings reused). */
    public synchronized void rebuild() {
        running();
        startRebuild();
    }

    private void startRebuild() {
        EventIndex idx = index;
        idx.deleteAll(); // before returning: an event indexed from now on is kept
        state = "rebuilding";
        Thread t = new Thread(() -> rebuildFrom(idx), "vigil-search-rebuild");
        t.setDaemon(true);
        t.start();
    }

    private void rebuildFrom(EventIndex idx) {
        long begin = System.nanoTime();
        long[] count = {0};
        try {
            List<SearchableEvent> batch = new ArrayList<>(REBUILD_BATCH);
            stored.forEach(e -> {
                batch.add(e);
                if (batch.size() == REBUILD_BATCH) {
                    count[0] += readBack(idx, batch);
                    batch.clear();
                }
            });
            count[0] += readBack(idx, batch);
            idx.commit();
            idx.refresh();
            log.atInfo().addKeyValue("events", count[0]).addKeyValue("millis", (System.nanoTime() - begin) / 1_000_000)
                    .log("search index rebuilt");
        } catch (RuntimeException e) {
            log.atError().setCause(e).addKeyValue("events", count[0]).log("search index rebuild failed; it is tried again at the next start");
        } finally {
            if (index == idx) state = "ready";
        }
    }

    /** Writes a batch read back from the database: with its stored text vector when it is of this text, else pending. */
    private int readBack(EventIndex idx, List<SearchableEvent> batch) {
        if (batch.isEmpty()) return 0;
        Map<UUID, EmbeddingRepository.StoredEmbedding> found = embedder == null ? Map.of()
                : embeddings.find(batch.stream().map(SearchableEvent::id).toList());
        for (SearchableEvent e : batch) {
            EmbeddingRepository.StoredEmbedding s = found.get(e.id());
            write(idx, e, s != null && s.isOf(embedder.model(), e.text()) ? s.vector() : null);
        }
        return batch.size();
    }

    /**
     * Indexes events as they arrive (an event indexed again replaces its previous document). Returns at
     * once: the feature vectors are written here, the text vectors on the embedding thread.
     */
    public void index(List<SearchableEvent> events) {
        EventIndex idx = running();
        TextVectors v = vectors;
        for (SearchableEvent e : events) {
            float[] text = v == null ? null : v.cached(e);
            write(idx, e, text);
            if (text == null && v != null) v.offer(e); // full: the document stays pending and the sweep embeds it
        }
    }

    /** Removes events from the index (their rows were deleted). */
    public void remove(Collection<UUID> eventIds) {
        EventIndex idx = running();
        for (UUID id : eventIds) idx.remove(id);
    }

    /** The k events nearest to a stored event, of its model type, the event itself left out. */
    public List<SimilarEvent> similar(UUID eventId, int k, SearchFilters filters) {
        checkK(k);
        EventIndex.Indexed e = running().get(eventId)
                .orElseThrow(() -> VigilException.notFound("event " + eventId + " is not in the search index"));
        if (e.features() == null) {
            throw VigilException.unprocessable("event " + eventId + " has no feature vector: "
                    + (e.event().modelType() == null ? "it has no model type" : "its model type's features were unknown when it was indexed"));
        }
        List<SimilarEvent> near = new ArrayList<>();
        for (SimilarEvent s : nearest(e.featureField(), e.features(), k + 1, filters)) {
            if (!s.eventId().equals(eventId) && near.size() < k) near.add(s);
        }
        return near;
    }

    /** The k stored events of {@code modelType} nearest to a raw input (field name to value). */
    public List<SimilarEvent> similar(String modelType, Map<String, Object> input, int k, SearchFilters filters) {
        checkK(k);
        List<FeatureScale> s = scalesOf(modelType);
        return nearest(FeatureVectors.field(modelType, s), FeatureVectors.of(s, input), k, filters);
    }

    /** The k stored events of {@code modelType} nearest to raw values given in the order of {@link #featureNames}. */
    public List<SimilarEvent> similar(String modelType, double[] rawValues, int k, SearchFilters filters) {
        checkK(k);
        List<FeatureScale> s = scalesOf(modelType);
        if (rawValues.length != s.size()) {
            throw VigilException.invalid("vector", "model type " + modelType + " has " + s.size() + " numeric features, not "
                    + rawValues.length + ": " + featureNames(modelType));
        }
        return nearest(FeatureVectors.field(modelType, s), FeatureVectors.ofRaw(s, rawValues), k, filters);
    }

    /** The numeric features of a model type, in the order a raw vector gives them. */
    public List<String> featureNames(String modelType) {
        return scalesOf(modelType).stream().map(FeatureScale::name).toList();
    }

    /**
     * The k events whose text is nearest in meaning to {@code query}, with the filters the query's words
     * say and the caller's {@code filters} (a filter the caller set wins over the words for the same field;
     * time ranges narrow each other). A query of filter words only answers the newest events they accept.
     */
    public SearchAnswer search(String query, SearchFilters filters, int k) {
        checkK(k);
        if (query == null || query.isBlank()) throw VigilException.invalid("q", "a query in words is required");
        if (query.length() > MAX_QUERY_CHARS) throw VigilException.invalid("q", "at most " + MAX_QUERY_CHARS + " characters");
        EventIndex idx = running();
        QueryWords.Reading r = words.read(query, (filters == null ? SearchFilters.NONE : filters).checked(), idx.modelTypes());
        Query filter = LuceneFilters.of(r.filters());
        List<SearchHit> hits = new ArrayList<>();
        if (r.text().isEmpty()) {
            for (EventIndex.Hit h : idx.newest(k, filter)) hits.add(new SearchHit(h.id(), null));
        } else if (embedder == null) {
            throw VigilException.conflict("search by meaning is off on this instance (search.embeddings: false): the words '" + r.text()
                    + "' cannot be compared; filter words alone (time, severity, model type, rules, divergence) still search,"
                    + " and similar events by their features");
        } else {
            float[] q = embedder.embed(r.text());
            for (EventIndex.Hit h : idx.nearest(EventDocuments.TEXT_VECTOR, q, k, filter, EXACT_TEXT_UP_TO)) {
                hits.add(new SearchHit(h.id(), 2.0 * h.score() - 1.0)); // Lucene's cosine score is (1 + cos) / 2
            }
        }
        return new SearchAnswer(query, r.text(), r.read(), r.filters(), hits, embedder == null ? 0 : idx.pendingCount());
    }

    /** What the index holds now. */
    public SearchStatus status() {
        EventIndex idx = index;
        if (idx == null) return new SearchStatus("stopped", embedder != null, 0, 0, 0, 0);
        TextVectors v = vectors;
        return new SearchStatus(state, embedder != null, idx.count(), v == null ? 0 : idx.pendingCount(), v == null ? 0 : v.embedded(),
                v == null ? 0 : v.reused());
    }

    /**
     * Waits until every event indexed so far is searchable, its text embedded (and a rebuild done);
     * false if that takes longer than {@code timeout}. For tests and tools: searches never need it.
     */
    public boolean awaitSearchable(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        EventIndex idx = running();
        while (System.nanoTime() < deadline) {
            TextVectors v = vectors;
            if (!"rebuilding".equals(state) && (v == null || v.idle())) {
                idx.refresh();
                if (v == null || v.idle() && idx.pendingCount() == 0) return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private List<SimilarEvent> nearest(String field, float[] vector, int k, SearchFilters filters) {
        Query filter = LuceneFilters.of((filters == null ? SearchFilters.NONE : filters).checked());
        List<SimilarEvent> near = new ArrayList<>();
        for (EventIndex.Hit h : running().nearest(field, vector, k, filter)) {
            // Lucene's Euclidean score is 1 / (1 + d²)
            near.add(new SimilarEvent(h.id(), h.score(), Math.sqrt(Math.max(0, 1.0 / h.score() - 1.0))));
        }
        return near;
    }

    /** The document of an event written with its text vector (the embedding thread's write). */
    private void writeEmbedded(SearchableEvent e) {
        EventIndex idx = index;
        if (idx != null) write(idx, e, vectors.cached(e));
    }

    private void write(EventIndex idx, SearchableEvent e, float[] textVector) {
        String field = null;
        float[] features = null;
        if (e.modelType() != null) {
            Optional<List<FeatureScale>> s = scales.of(e.modelType());
            if (s.isPresent() && !s.get().isEmpty() && s.get().size() <= 1024) { // Lucene's limit of a vector's length
                field = FeatureVectors.field(e.modelType(), s.get());
                features = FeatureVectors.of(s.get(), e.input());
            }
        }
        idx.put(e, field, features, textVector);
    }

    private List<FeatureScale> scalesOf(String modelType) {
        if (modelType == null || modelType.isBlank()) throw VigilException.invalid("modelType", "a model type is required");
        return scales.of(modelType).filter(s -> !s.isEmpty())
                .orElseThrow(() -> VigilException.notFound("model type " + modelType + " has no deployed version with numeric features"));
    }

    private static void checkK(int k) {
        if (k < 1 || k > MAX_K) throw VigilException.invalid("k", "must be between 1 and " + MAX_K + ", not " + k);
    }

    private EventIndex running() {
        EventIndex idx = index;
        if (idx == null) throw VigilException.unavailable("event search is not started");
        return idx;
    }

    /** A periodic upkeep step ({@code what} the index does): a failure is logged and the next round tries again. */
    private void quietly(String what, Consumer<EventIndex> step) {
        try {
            EventIndex idx = index;
            if (idx != null) step.accept(idx);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("error", e.toString()).log("search: " + what + " failed");
        }
    }

    /** Stops the threads and closes the index, committing what was written. */
    @Override
    public synchronized void close() {
        EventIndex idx = index;
        if (idx == null) return;
        index = null;
        state = "stopped";
        upkeep.shutdown(); // not shutdownNow: an interrupted refresh or commit closes the index's files for good
        try {
            upkeep.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (vectors != null) vectors.close();
        idx.close();
    }
}

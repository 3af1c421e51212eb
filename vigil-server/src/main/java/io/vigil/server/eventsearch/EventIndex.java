package io.vigil.server.eventsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of events in one directory: one writer, near-real-time searchers from a
 * {@link SearcherManager} (a write is seen after the next {@link #refresh}), HNSW vector queries that
 * over-fetch, and the document-level reads search needs. Thread-safe.
 *
 * <p>One index for all model types, with one vector field per model type and feature list
 * ({@link FeatureVectors#field}): model types have vectors of different lengths, which one Lucene field
 * cannot hold, and a field per type gives each its own HNSW graph, so a similar-event query walks only
 * its own type's events (no filtered graph walk to lose recall); one writer, one commit and one rebuild
 * serve them all, and the text vectors of all types share one field.
 */
final class EventIndex implements AutoCloseable {
    /**
     * HNSW is approximate: it is asked for max(400, 40 k) neighbours (at most 10,000, at least k) and the best k
     * are kept. 100 was not enough: recall@10 0.94 on NSL-KDD's feature vectors and 0.51 on clustered event
     * texts at 100,000 events, against 0.98 or more with 400 at a few milliseconds (BENCHMARKS.md, "Event search").
     */
    static final int MIN_FETCH = 400;
    static final int FETCH_FACTOR = 40;
    static final int MAX_FETCH = 10_000;

    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final boolean created;

    private EventIndex(FSDirectory directory, IndexWriter writer, boolean created) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, true, false, null);
        this.created = created;
    }

    /**
     * Opens the index in {@code dir}, or makes an empty one when there is none or it cannot be read
     * (then {@link #created} is true and the directory's old files are gone).
     */
    static EventIndex open(Path dir) {
        try {
            Files.createDirectories(dir);
            FSDirectory directory = FSDirectory.open(dir);
            if (DirectoryReader.indexExists(directory)) {
                try {
                    IndexWriter w = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.APPEND));
                    try {
                        return new EventIndex(directory, w, false); // the searcher opens every segment: a damaged one fails here
                    } catch (IOException | RuntimeException e) {
                        w.rollback();
                        throw e;
                    }
                } catch (IOException | RuntimeException unreadable) {
                    LoggerFactory.getLogger(EventIndex.class).atWarn().addKeyValue("dir", dir)
                            .addKeyValue("error", unreadable.toString()).log("search index unreadable: made anew, to be rebuilt");
                    directory.close();
                    deleteFiles(dir);
                    directory = FSDirectory.open(dir);
                }
            }
            IndexWriter w = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE));
            w.commit();
            return new EventIndex(directory, w, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir, e);
        }
    }

    private static IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
        return new IndexWriterConfig().setOpenMode(mode).setRAMBufferSizeMB(64).setCommitOnClose(true);
    }

    /** Whether {@link #open} found no readable index and made an empty one. */
    boolean created() {
        return created;
    }

    /** Adds or replaces the event's document. */
    void put(SearchableEvent e, String featureField, float[] features, float[] textVector) {
        try {
            writer.updateDocument(new Term(EventDocuments.ID, e.id().toString()), EventDocuments.of(e, featureField, features, textVector));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot index event " + e.id(), ex);
        }
    }

    void remove(UUID id) {
        try {
            writer.deleteDocuments(new Term(EventDocuments.ID, id.toString()));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot remove event " + id, ex);
        }
    }

    void deleteAll() {
        try {
            writer.deleteAll();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot empty the search index", ex);
        }
    }

    /** Makes every write so far visible to searches. */
    void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot refresh the search index", ex);
        }
    }

    /** Makes every write so far durable. */
    void commit() {
        try {
            if (writer.hasUncommittedChanges()) writer.commit();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot commit the search index", ex);
        }
    }

    /** A scored hit: the event's id and Lucene's score. */
    record Hit(UUID id, float score) {}

    /**
     * The {@code k} nearest documents to {@code vector} in {@code field} among those {@code filter} accepts
     * (null: all), best first; HNSW is asked for max(400, 40 k) and the best k kept.
     */
    List<Hit> nearest(String field, float[] vector, int k, Query filter) {
        return search(s -> {
            int fetch = Math.max(k, Math.min(MAX_FETCH, Math.max(MIN_FETCH, FETCH_FACTOR * k)));
            TopDocs top = s.search(new KnnFloatVectorQuery(field, vector, fetch, filter), fetch);
            return hits(s, top, k);
        });
    }

    /** The newest {@code k} documents {@code filter} accepts (null: all). */
    List<Hit> newest(int k, Query filter) {
        return search(s -> {
            Query q = filter == null ? new MatchAllDocsQuery() : filter;
            TopDocs top = s.search(q, k, new Sort(new SortField(EventDocuments.AT, SortField.Type.LONG, true)));
            return hits(s, top, k);
        });
    }

    /** An indexed event, with its feature field and vector (null when it has none). */
    record Indexed(SearchableEvent event, String featureField, float[] features) {}

    Optional<Indexed> get(UUID id) {
        return search(s -> {
            TopDocs top = s.search(new TermQuery(new Term(EventDocuments.ID, id.toString())), 1);
            if (top.scoreDocs.length == 0) return Optional.<Indexed>empty();
            int doc = top.scoreDocs[0].doc;
            Document d = s.storedFields().document(doc);
            String field = d.get(EventDocuments.FEATURE_FIELD);
            return Optional.of(new Indexed(EventDocuments.event(d), field, field == null ? null : vector(s, doc, field)));
        });
    }

    /** Up to {@code limit} events whose text vector is still to be made. */
    List<SearchableEvent> pending(int limit) {
        return search(s -> {
            TopDocs top = s.search(new TermQuery(new Term(EventDocuments.PENDING, "1")), limit);
            List<SearchableEvent> events = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) events.add(EventDocuments.event(s.storedFields().document(sd.doc)));
            return events;
        });
    }

    int pendingCount() {
        return search(s -> s.count(new TermQuery(new Term(EventDocuments.PENDING, "1"))));
    }

    int count() {
        return search(s -> s.count(new MatchAllDocsQuery()));
    }

    /** The model types of the indexed events. */
    Set<String> modelTypes() {
        return search(s -> {
            Set<String> types = new TreeSet<>();
            Terms terms = MultiTerms.getTerms(s.getIndexReader(), EventDocuments.MODEL_TYPE);
            if (terms == null) return types;
            TermsEnum it = terms.iterator();
            for (BytesRef t = it.next(); t != null; t = it.next()) types.add(t.utf8ToString());
            return types;
        });
    }

    private static float[] vector(IndexSearcher s, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
        if (values == null) return null;
        int local = doc - leaf.docBase;
        if (values.advance(local) != local) return null;
        return values.vectorValue().clone();
    }

    private static List<Hit> hits(IndexSearcher s, TopDocs top, int k) throws IOException {
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) { // best first
            if (hits.size() == k) break;
            Document d = s.storedFields().document(sd.doc, Set.of(EventDocuments.ID));
            hits.add(new Hit(UUID.fromString(d.get(EventDocuments.ID)), sd.score));
        }
        return hits;
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(IndexSearcher s) throws IOException;
    }

    private <T> T search(Read<T> read) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return read.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index", e);
        }
    }

    @Override
    public void close() {
        try (directory; writer; searchers) {
            // closed in reverse: the searchers, the writer (committing), the directory
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index", e);
        }
    }

    static void deleteFiles(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }
}

package io.vigil.server.eventsearch;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.util.Bits;

/**
 * A vector query that compares every candidate exactly while the index holds at most {@code exactUpTo}
 * documents, and walks the HNSW graph above that. Event texts are templated: many events share one text,
 * and HNSW loses such duplicates (recall@10 0.76 at 100,000 events, BENCHMARKS.md "Event search"), while
 * an exact pass over 100,000 text vectors takes a few milliseconds more. Lucene compares exactly when a
 * filtered graph walk answers incomplete, so this query always has a filter (the field's existence at
 * least) and answers incomplete when the index is small enough.
 */
final class ExactUpToQuery extends KnnFloatVectorQuery {
    private static final TopDocs INCOMPLETE = new TopDocs(new TotalHits(0, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO), new ScoreDoc[0]);
    private final int exactUpTo;

    ExactUpToQuery(String field, float[] target, int k, Query filter, int exactUpTo) {
        super(field, target, k, filter == null ? new FieldExistsQuery(field) : filter);
        this.exactUpTo = exactUpTo;
    }

    @Override
    protected TopDocs approximateSearch(LeafReaderContext context, Bits acceptDocs, int visitedLimit, KnnCollectorManager collectors)
            throws IOException {
        if (ReaderUtil.getTopLevelContext(context).reader().maxDoc() <= exactUpTo) return INCOMPLETE;
        return super.approximateSearch(context, acceptDocs, visitedLimit, collectors);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((ExactUpToQuery) o).exactUpTo == exactUpTo;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + exactUpTo;
    }
}

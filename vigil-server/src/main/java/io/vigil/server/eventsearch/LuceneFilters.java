package io.vigil.server.eventsearch;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** {@link SearchFilters} as one Lucene query, every filter a {@code FILTER} clause (no scoring). */
final class LuceneFilters {
    private LuceneFilters() {}

    /** The filter query, or null when nothing is filtered. */
    static Query of(SearchFilters f) {
        List<Query> clauses = new ArrayList<>();
        if (f.from() != null || f.to() != null) {
            long from = f.from() == null ? Long.MIN_VALUE : f.from().toEpochMilli();
            long to = f.to() == null ? Long.MAX_VALUE : f.to().toEpochMilli() - 1; // to is exclusive; times are kept in milliseconds
            clauses.add(LongPoint.newRangeQuery(EventDocuments.AT, from, to));
        }
        if (f.severities() != null) {
            clauses.add(new TermInSetQuery(EventDocuments.SEVERITY, f.severities().stream().map(BytesRef::new).toList()));
        }
        if (f.modelType() != null) clauses.add(new TermQuery(new Term(EventDocuments.MODEL_TYPE, f.modelType())));
        if (f.divergent() != null) clauses.add(new TermQuery(new Term(EventDocuments.DIVERGENT, f.divergent().toString())));
        if (f.rule() != null) clauses.add(new TermQuery(new Term(EventDocuments.RULE, f.rule())));
        if (f.ruleFired() != null) clauses.add(new TermQuery(new Term(EventDocuments.RULE_FIRED, f.ruleFired().toString())));
        if (clauses.isEmpty()) return null;
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query q : clauses) b.add(q, BooleanClause.Occur.FILTER);
        return b.build();
    }
}

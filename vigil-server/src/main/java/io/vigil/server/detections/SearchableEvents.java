package io.vigil.server.detections;

import io.vigil.server.eventsearch.EventText;
import io.vigil.server.eventsearch.EventTextParts;
import io.vigil.server.eventsearch.SearchableEvent;
import io.vigil.server.eventsearch.StoredEvents;
import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.SecurityEventFilter;
import io.vigil.server.securityevents.SecurityEvents;
import io.vigil.server.securityevents.Verdict;
import java.util.List;
import java.util.function.Consumer;

/** Security events as the search index takes them: their raw input, and their text rendering for search in words. */
final class SearchableEvents implements StoredEvents {
    private final SecurityEvents events;

    SearchableEvents(SecurityEvents events) {
        this.events = events;
    }

    @Override
    public long count() {
        return events.list(new SecurityEventFilter(null, null, null, null, null, null), 1, 1).total();
    }

    @Override
    public void forEach(Consumer<? super SearchableEvent> sink) {
        events.forEach(e -> sink.accept(of(e)));
    }

    static SearchableEvent of(SecurityEvent e) {
        return of(e, List.of());
    }

    /** {@code e} with its incident's analyst notes in its text. */
    static SearchableEvent of(SecurityEvent e, List<String> notes) {
        Verdict v = e.verdict();
        List<EventTextParts.Contribution> features = v == null ? List.of()
                : v.topFeatures().stream().map(c -> new EventTextParts.Contribution(c.feature(), c.value(), c.contribution())).toList();
        String text = EventText.render(new EventTextParts(e.kind(), e.title(), e.sourceHost(), e.destinationHost(), e.assetId(),
                e.userName(), e.modelType(), v == null ? null : v.label(), v == null ? null : v.mlScore(), v == null ? null : v.ruleScore(),
                e.score(), e.severity(), e.divergent(), v == null ? List.of() : v.rulesFired(), features, notes));
        return new SearchableEvent(e.id(), e.modelType(), e.startedAt(), e.severity(), e.divergent(),
                v == null ? List.of() : v.rulesFired(), e.input(), text);
    }
}

package io.vigil.server.eventsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.server.core.VigilException;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search with real Lucene, the real sentence model and a real PostgreSQL: queries in words and the
 * events they must find, similar events against distances worked out here, and rebuilds that answer
 * the same without embedding again.
 */
class EventSearchIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Database database;

    @TempDir
    Path dataDir;

    private final SearchEvents events = new SearchEvents();
    private final SearchEvents.ListedEvents stored = new SearchEvents.ListedEvents();
    private final SearchEvents.CountingEmbedder embedder = new SearchEvents.CountingEmbedder();
    private EmbeddingRepository repository;
    private EventSearch search;

    @BeforeAll
    static void database() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void indexTheEvents() throws InterruptedException {
        database.jdbi().useHandle(h -> h.execute("delete from security_events"));
        repository = new EmbeddingRepository(database.jdbi());
        stored.events.addAll(events.all());
        SearchEvents.insertRows(database.jdbi(), stored.events);
        search = started(embedder);
        search.index(events.all());
        assertThat(search.awaitSearchable(WAIT)).isTrue();
    }

    @AfterEach
    void close() {
        if (search != null) search.close();
    }

    private EventSearch started(TextEmbedder e) {
        EventSearch s = new EventSearch(dataDir, SearchEvents.scales(), stored, repository, e, Clock.fixed(SearchEvents.NOW, ZoneOffset.UTC), 64);
        s.start();
        return s;
    }

    @Test
    void botnetLikeBehaviourFindsTheBeaconingEventsFirst() {
        SearchAnswer a = search.search("find botnet-like behaviour", SearchFilters.NONE, 6);
        assertThat(a.readFilters()).isEmpty();
        assertThat(a.embeddedText()).isEqualTo("find botnet-like behaviour");
        assertThat(events.names(a.hits()).subList(0, 4)).containsExactlyInAnyOrder("bot1", "bot2", "bot3", "bot4");
        assertThat(a.hits().get(0).similarity()).isBetween(0.0, 1.0);
        assertThat(a.hits()).isSortedAccordingTo(Comparator.comparing(SearchHit::similarity).reversed());
    }

    @Test
    void eachKindOfAttackIsFoundByItsOwnWords() {
        assertThat(events.names(search.search("brute force password guessing on ssh", SearchFilters.NONE, 4).hits()))
                .containsExactlyInAnyOrder("ssh1", "ssh2", "ssh3", "ssh4");
        assertThat(events.names(search.search("data exfiltration through DNS queries", SearchFilters.NONE, 4).hits()))
                .containsExactlyInAnyOrder("dns1", "dns2", "dns3", "dns4");
        assertThat(events.names(search.search("scanning for open ports", SearchFilters.NONE, 4).hits()))
                .containsExactlyInAnyOrder("scan1", "scan2", "scan3", "scan4");
    }

    @Test
    void fastDetectorTriggeredButMlDisagreedAnswersTheDivergentEventsWhereARuleFired() {
        SearchAnswer a = search.search("fast detector triggered but ML disagreed", SearchFilters.NONE, 10);
        assertThat(a.readFilters()).extracting(ReadFilter::filter).containsExactlyInAnyOrder("divergent", "ruleFired");
        assertThat(a.filters().divergent()).isTrue();
        // by hand: divergent with a rule fired are ssh3 and dns2 (bot3 is divergent, but no rule fired); newest first
        assertThat(events.names(a.hits())).containsExactly("dns2", "ssh3");
        assertThat(a.hits()).allSatisfy(h -> assertThat(h.similarity()).isNull());

        SearchAnswer divergent = search.search("divergent events", SearchFilters.NONE, 10);
        assertThat(events.names(divergent.hits())).containsExactlyInAnyOrder("ssh3", "dns2", "bot3");
    }

    @Test
    void highSeverityPortScansYesterdayReadsSeverityAndTimeAndFindsThoseScans() {
        SearchAnswer a = search.search("high severity port scans yesterday", SearchFilters.NONE, 10);
        assertThat(a.embeddedText()).isEqualTo("port scans");
        assertThat(a.readFilters()).extracting(ReadFilter::filter, ReadFilter::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("time", "2026-12-04T00:00:00Z/2026-12-05T00:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("severity", "critical"));
        // critical events of 4 December, worked out from the list: ssh1, scan1, scan2, dns1, bot3 (now - 1 day); the two scans first
        assertThat(events.names(a.hits())).containsExactlyInAnyOrder("ssh1", "scan1", "scan2", "dns1", "bot3");
        assertThat(events.names(a.hits()).subList(0, 2)).containsExactlyInAnyOrder("scan1", "scan2");
    }

    @Test
    void structuredFiltersCombineWithTheWords() {
        SearchFilters rule = new SearchFilters(null, null, null, null, null, "ssh-failed-logins", null);
        assertThat(events.names(search.search("suspicious activity", rule, 10).hits())).containsExactlyInAnyOrder("ssh1", "ssh2", "ssh3");
        SearchFilters lastDay = new SearchFilters(SearchEvents.NOW.minus(Duration.ofDays(1)), null, Set.of("critical", "warning"), null, false,
                null, null);
        List<String> found = events.names(search.search("network attack", lastDay, 20).hits());
        // by hand: from a day ago, critical or warning, not divergent (dns2 and bot3 are)
        assertThat(found).containsExactlyInAnyOrder("ssh2", "scan4", "bot1");
        assertThatThrownBy(() -> search.search("x", new SearchFilters(SearchEvents.NOW, SearchEvents.NOW, null, null, null, null, null), 5))
                .isInstanceOf(VigilException.class).hasMessageContaining("before");
    }

    @Test
    void similarEventsAreTheNearestStandardisedVectorsByHand() {
        SearchableEvent ssh1 = events.get("ssh1");
        List<SimilarEvent> near = search.similar(ssh1.id(), 3, SearchFilters.NONE);
        List<Map.Entry<String, Double>> exact = events.byName.entrySet().stream().filter(e -> !e.getKey().equals("ssh1"))
                .map(e -> Map.entry(e.getKey(), distance(ssh1, e.getValue()))).sorted(Map.Entry.comparingByValue()).limit(3).toList();
        assertThat(near).extracting(s -> events.nameOf(s.eventId())).containsExactlyElementsOf(exact.stream().map(Map.Entry::getKey).toList());
        for (int i = 0; i < 3; i++) {
            assertThat(near.get(i).distance()).isCloseTo(exact.get(i).getValue(), within(1e-4));
            assertThat(near.get(i).similarity()).isCloseTo(1 / (1 + exact.get(i).getValue() * exact.get(i).getValue()), within(1e-5));
        }
        assertThat(exact.get(0).getKey()).startsWith("ssh"); // the brute-force logins resemble each other

        // the same answers from the raw input and from raw values in the features' order, the event itself included now
        List<SimilarEvent> byInput = search.similar(SearchEvents.TYPE, ssh1.input(), 4, SearchFilters.NONE);
        assertThat(byInput.get(0).eventId()).isEqualTo(ssh1.id());
        assertThat(byInput.get(0).distance()).isCloseTo(0, within(1e-3));
        assertThat(byInput.subList(1, 4)).extracting(SimilarEvent::eventId).containsExactlyElementsOf(near.stream().map(SimilarEvent::eventId).toList());
        assertThat(search.featureNames(SearchEvents.TYPE)).containsExactly("duration", "src_bytes", "dst_bytes", "num_failed_logins", "count",
                "diff_srv_rate");
        assertThat(search.similar(SearchEvents.TYPE, new double[] {2, 300, 200, 14, 80, 0.1}, 4, SearchFilters.NONE)).isEqualTo(byInput);

        // filters hold: only warnings
        assertThat(search.similar(ssh1.id(), 10, SearchFilters.NONE.withSeverities(Set.of("warning"))))
                .extracting(s -> events.get(events.nameOf(s.eventId())).severity()).containsOnly("warning").hasSize(5);
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> search.similar(UUID.randomUUID(), 5, SearchFilters.NONE)).isInstanceOf(VigilException.class)
                .hasMessageContaining("not in the search index");
        assertThatThrownBy(() -> search.similar("nope", Map.of(), 5, SearchFilters.NONE)).isInstanceOf(VigilException.class)
                .hasMessageContaining("model type nope");
        assertThatThrownBy(() -> search.similar(SearchEvents.TYPE, new double[] {1, 2}, 5, SearchFilters.NONE))
                .isInstanceOf(VigilException.class).hasMessageContaining("6 numeric features, not 2");
        assertThatThrownBy(() -> search.search("ssh", SearchFilters.NONE, 0)).isInstanceOf(VigilException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> search.search(" ", SearchFilters.NONE, 5)).isInstanceOf(VigilException.class).hasMessageContaining("required");
    }

    @Test
    void aRebuildFromTheDatabaseAnswersTheSameWithoutEmbeddingAgain() throws Exception {
        assertThat(search.status().embedded()).isEqualTo(16);
        assertThat(repository.count()).isEqualTo(16);
        List<List<SearchHit>> before = answers(search);
        List<SimilarEvent> similarBefore = search.similar(events.get("dns1").id(), 5, SearchFilters.NONE);
        search.close();

        deleteDirectory(dataDir.resolve("search"));
        SearchEvents.CountingEmbedder second = new SearchEvents.CountingEmbedder();
        search = started(second);
        assertThat(search.awaitSearchable(WAIT)).isTrue();
        assertThat(search.status().indexed()).isEqualTo(16);
        assertThat(search.status().embedded()).isZero();
        assertThat(answers(search)).isEqualTo(before);
        assertThat(second.calls.get()).isEqualTo(3); // the three queries, no event
        assertThat(search.similar(events.get("dns1").id(), 5, SearchFilters.NONE)).isEqualTo(similarBefore);
    }

    @Test
    void anUnreadableIndexIsRebuilt() throws Exception {
        List<List<SearchHit>> before = answers(search);
        search.close();
        try (Stream<Path> files = Files.list(dataDir.resolve("search"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(f, new byte[] {1, 2, 3, 4}); // damaged
            }
        }
        SearchEvents.CountingEmbedder second = new SearchEvents.CountingEmbedder();
        search = started(second);
        assertThat(search.awaitSearchable(WAIT)).isTrue();
        assertThat(answers(search)).isEqualTo(before);
        assertThat(search.status().embedded()).isZero();
    }

    @Test
    void anIndexThatMissesStoredEventsIsRebuiltAndANewTextIsEmbeddedAgain() throws Exception {
        search.close();
        SearchableEvent late = new SearchableEvent(UUID.randomUUID(), SearchEvents.TYPE, SearchEvents.NOW.minusSeconds(60), "critical", false,
                List.of(), Map.of("duration", 1), "Rule event: ransomware encrypting file shares on fs-1.");
        stored.events.add(late); // stored while search was down: the index holds 16, the database 17
        SearchEvents.insertRows(database.jdbi(), List.of(late));
        SearchEvents.CountingEmbedder second = new SearchEvents.CountingEmbedder();
        search = started(second);
        assertThat(search.awaitSearchable(WAIT)).isTrue();
        assertThat(search.status().indexed()).isEqualTo(17);
        assertThat(search.status().embedded()).isEqualTo(1); // only the new one
        assertThat(search.search("ransomware", SearchFilters.NONE, 1).hits().get(0).eventId()).isEqualTo(late.id());

        // a note added changes the text: embedded again, and found by the note's words
        SearchableEvent bot4 = events.get("bot4");
        SearchableEvent noted = new SearchableEvent(bot4.id(), bot4.modelType(), bot4.at(), bot4.severity(), bot4.divergent(), bot4.rulesFired(),
                bot4.input(), bot4.text() + " Note: the analyst found a cryptocurrency miner installed on this host.");
        search.index(List.of(noted));
        assertThat(search.awaitSearchable(WAIT)).isTrue();
        assertThat(search.status().embedded()).isEqualTo(2);
        assertThat(search.search("cryptocurrency mining malware", SearchFilters.NONE, 1).hits().get(0).eventId()).isEqualTo(bot4.id());
        assertThat(repository.find(List.of(bot4.id())).get(bot4.id()).isOf(second.model(), noted.text())).isTrue();
    }

    @Test
    void withoutEmbeddingsFiltersAndSimilarEventsStillAnswerAndALaterStartWithTheModelCatchesUp() throws Exception {
        List<List<SearchHit>> before = answers(search);
        List<SimilarEvent> similarBefore = search.similar(events.get("dns1").id(), 5, SearchFilters.NONE);
        search.close();
        deleteDirectory(dataDir.resolve("search"));
        database.jdbi().useHandle(h -> h.execute("delete from security_event_embeddings"));

        search = started(null); // search.embeddings: false
        assertThat(search.awaitSearchable(WAIT)).isTrue();
        assertThat(search.status().byMeaning()).isFalse();
        assertThat(search.status().indexed()).isEqualTo(16);
        assertThat(search.status().pendingEmbeddings()).isZero();
        assertThat(search.similar(events.get("dns1").id(), 5, SearchFilters.NONE)).isEqualTo(similarBefore);
        assertThat(events.names(search.search("divergent", SearchFilters.NONE, 10).hits())).containsExactlyInAnyOrder("ssh3", "dns2", "bot3");
        assertThatThrownBy(() -> search.search("find botnet-like behaviour", SearchFilters.NONE, 6))
                .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.kind()).isEqualTo(VigilException.Kind.CONFLICT))
                .hasMessageContaining("search.embeddings: false");
        assertThat(repository.count()).isZero();

        // the same index, started with the model: the events indexed meanwhile are embedded and found by their words
        search.close();
        SearchEvents.CountingEmbedder later = new SearchEvents.CountingEmbedder();
        search = started(later);
        assertThat(search.awaitSearchable(WAIT)).isTrue();
        assertThat(search.status().byMeaning()).isTrue();
        assertThat(search.status().embedded()).isEqualTo(16);
        assertThat(answers(search)).isEqualTo(before);
    }

    private static List<List<SearchHit>> answers(EventSearch s) {
        return Stream.of("find botnet-like behaviour", "high severity port scans yesterday", "DNS tunnelling")
                .map(q -> s.search(q, SearchFilters.NONE, 8).hits()).collect(Collectors.toList());
    }

    /** The Euclidean distance of the standardised vectors, computed here from the scales. */
    private static double distance(SearchableEvent a, SearchableEvent b) {
        double s = 0;
        for (FeatureScales.FeatureScale f : SearchEvents.SCALES) {
            double za = (((Number) a.input().get(f.name())).doubleValue() - f.mean()) / f.std();
            double zb = (((Number) b.input().get(f.name())).doubleValue() - f.mean()) / f.std();
            s += (za - zb) * (za - zb);
        }
        return Math.sqrt(s);
    }

    private static void deleteDirectory(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}

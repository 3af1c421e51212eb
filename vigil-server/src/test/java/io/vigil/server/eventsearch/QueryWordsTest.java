package io.vigil.server.eventsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Filter words read out of queries against a fixed clock, the times worked out by hand. */
class QueryWordsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T14:30:00Z");
    private final QueryWords words = new QueryWords(Clock.fixed(NOW, ZoneOffset.UTC));

    private QueryWords.Reading read(String q) {
        return words.read(q, SearchFilters.NONE, List.of("nsl-kdd", "cic-ids"));
    }

    @Test
    void highSeverityPortScansYesterdayReadsSeverityAndTheDayBefore() {
        QueryWords.Reading r = read("high severity port scans yesterday");
        assertThat(r.text()).isEqualTo("port scans");
        assertThat(r.filters().severities()).isEqualTo(Set.of("critical"));
        assertThat(r.filters().from()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(r.filters().to()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(r.read()).extracting(ReadFilter::filter).containsExactly("time", "severity");
        assertThat(r.read().get(0).words()).isEqualTo("yesterday");
        assertThat(r.read().get(1).words()).isEqualTo("high severity");
    }

    @Test
    void fastDetectorTriggeredButMlDisagreedIsDivergentWithARuleFired() {
        QueryWords.Reading r = read("fast detector triggered but ML disagreed");
        assertThat(r.filters().divergent()).isTrue();
        assertThat(r.filters().ruleFired()).isTrue();
        assertThat(r.text()).isEmpty(); // only filter words: the newest matching events are answered
        assertThat(r.read()).extracting(ReadFilter::words).containsExactly("ML disagreed", "fast detector triggered");
    }

    @Test
    void relativeTimesEndNow() {
        assertThat(read("logins in the last 6 hours").filters().from()).isEqualTo(Instant.parse("2026-12-05T08:30:00Z"));
        assertThat(read("logins in the last 6 hours").text()).isEqualTo("logins");
        assertThat(read("past 30 minutes").filters().from()).isEqualTo(Instant.parse("2026-12-05T14:00:00Z"));
        assertThat(read("scans last week").filters().from()).isEqualTo(Instant.parse("2026-11-28T14:30:00Z"));
        assertThat(read("scans over the last three days").filters().from()).isEqualTo(Instant.parse("2026-12-02T14:30:00Z"));
        assertThat(read("last hour").filters().from()).isEqualTo(Instant.parse("2026-12-05T13:30:00Z"));
        assertThat(read("last 6 hours").filters().to()).isNull();
        assertThat(read("last 6 hours").read().get(0).value()).isEqualTo("2026-12-05T08:30:00Z/2026-12-05T14:30:00Z");
    }

    @Test
    void todayAndYesterdayFollowTheClocksZone() {
        QueryWords paris = new QueryWords(Clock.fixed(NOW, ZoneId.of("Europe/Paris"))); // 15:30 there, UTC+1 in December
        QueryWords.Reading r = paris.read("beaconing today", SearchFilters.NONE, List.of());
        assertThat(r.filters().from()).isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
        assertThat(r.filters().to()).isEqualTo(Instant.parse("2026-12-05T23:00:00Z"));
        assertThat(r.text()).isEqualTo("beaconing");
    }

    @Test
    void twoTimeWordsNarrowEachOther() {
        QueryWords.Reading r = read("yesterday in the last 3 days");
        assertThat(r.filters().from()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(r.filters().to()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
    }

    @Test
    void severitiesAddUp() {
        QueryWords.Reading r = read("critical or warning DNS tunnelling");
        assertThat(r.filters().severities()).isEqualTo(Set.of("critical", "warning"));
        assertThat(r.text()).isEqualTo("DNS tunnelling");
    }

    @Test
    void divergenceWords() {
        assertThat(read("divergent events").filters().divergent()).isTrue();
        assertThat(read("where the rules and ML disagree").filters().divergent()).isTrue();
        assertThat(read("where the rules and ML disagree").filters().ruleFired()).isNull(); // "rules" belongs to the divergence here
        assertThat(read("rules fired on ssh").filters().ruleFired()).isTrue();
        assertThat(read("rules fired on ssh").text()).isEqualTo("ssh");
    }

    @Test
    void aModelTypeNamedAsAWholeWordIsAFilter() {
        QueryWords.Reading r = read("ssh brute force on NSL-KDD");
        assertThat(r.filters().modelType()).isEqualTo("nsl-kdd");
        assertThat(r.text()).isEqualTo("ssh brute force");
        assertThat(read("nsl-kddx traffic").filters().modelType()).isNull();
    }

    @Test
    void theCallersFilterWinsOverTheWords() {
        SearchFilters given = SearchFilters.NONE.withSeverities(Set.of("warning")).withModelType("cic-ids");
        QueryWords.Reading r = words.read("critical nsl-kdd scans", given, List.of("nsl-kdd", "cic-ids"));
        assertThat(r.filters().severities()).isEqualTo(Set.of("warning"));
        assertThat(r.filters().modelType()).isEqualTo("cic-ids");
        assertThat(r.read()).extracting(ReadFilter::applied).containsExactly(false, false);
        assertThat(r.text()).isEqualTo("scans");
    }

    @Test
    void aQueryWithoutFilterWordsIsEmbeddedAsItIs() {
        QueryWords.Reading r = read("find botnet-like behaviour");
        assertThat(r.text()).isEqualTo("find botnet-like behaviour");
        assertThat(r.read()).isEmpty();
        assertThat(r.filters()).isEqualTo(SearchFilters.NONE);
    }
}

package io.vigil.server.monitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Role;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.events.EventFilter;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.SteppingClock;
import io.vigil.server.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One incident, one alert, on a real PostgreSQL with a clock the test moves: firings while an
 * alert is open add to it (acknowledged or not); once resolved, the rule's cool-down passes before
 * a new one; instances firing at once keep one alert; every change is an event, and a new alert and
 * a resolution go to the notifier.
 */
class AlertsTest {
    static Database database;
    static EventBus bus;
    static final SteppingClock clock = new SteppingClock();
    static final List<Event> events = new CopyOnWriteArrayList<>();
    static final List<AlertNotice> notices = new CopyOnWriteArrayList<>();
    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static Alerts alerts;
    static AlertRuleRepository rules;
    static final Caller ANALYST = new Caller(UUID.randomUUID(), "alice", Role.ANALYST, Caller.Kind.USER);

    AlertRule rule;
    UUID model;

    @BeforeAll
    static void start() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
        bus = new EventBus();
        bus.subscribe(EventFilter.ALL, events::add);
        rules = new AlertRuleRepository(database.jdbi());
        alerts = new Alerts(new AlertRepository(database.jdbi()), rules, bus, (notice, channels) -> notices.add(notice),
                new AlertMeters(registry), clock);
    }

    @AfterAll
    static void stop() {
        bus.close();
        database.close();
    }

    @BeforeEach
    void newRule() {
        rule = rule("r-" + UUID.randomUUID().toString().substring(0, 8), "latency_p99", "30m");
        model = UUID.randomUUID();
        events.clear();
        notices.clear();
    }

    private static AlertRule rule(String name, String kind, String cooldown) {
        FieldErrors errors = new FieldErrors();
        AlertRule r = new AlertRuleRequest(name, kind, null, null, null, null, null, null, null, null, null, cooldown,
                List.of(UUID.randomUUID().toString()), null, null)
                .toRule(null, AlertRuleRequest.Source.API, UUID.randomUUID(), "ds", clock.instant(), errors);
        assertThat(errors.list()).isEmpty();
        boolean inserted = rules.jdbi().withHandle(h -> rules.insert(h, r));
        assertThat(inserted).isTrue();
        return r;
    }

    private Alerts.Outcome fire(String text) {
        return alerts.fire(new Firing.Condition(rule, model, "m", 1, clock.instant(), text, Map.of("observed", 300.0)));
    }

    private List<Alert> alertsOfRule() {
        Page<Alert> page = alerts.list(new AlertFilter(null, false, null, null, rule.id(), null, null, null), 1, 100);
        return page.items();
    }

    private static List<String> types() throws InterruptedException {
        Thread.sleep(300); // the bus delivers on its own thread
        return events.stream().map(Event::type).toList();
    }

    @Test
    void firingsWhileAnAlertIsOpenAddToItAcknowledgedOrNot() throws Exception {
        assertThat(fire("p99 300 ms")).isEqualTo(Alerts.Outcome.OPENED);
        assertThat(fire("p99 310 ms")).isEqualTo(Alerts.Outcome.SEEN_AGAIN);
        Alert a = alertsOfRule().get(0);
        assertThat(alertsOfRule()).hasSize(1);
        assertThat(a.occurrences()).isEqualTo(2);
        assertThat(a.summary()).isEqualTo("p99 310 ms");
        assertThat(a.state()).isEqualTo(AlertState.FIRING);

        Alert acknowledged = alerts.acknowledge(a.id(), ANALYST);
        assertThat(acknowledged.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(acknowledged.acknowledgedBy()).isEqualTo("alice");
        assertThatThrownBy(() -> alerts.acknowledge(a.id(), ANALYST)).isInstanceOf(VigilException.class)
                .hasMessageContaining("already acknowledged by alice");
        clock.advance(Duration.ofSeconds(5));
        assertThat(fire("p99 320 ms")).isEqualTo(Alerts.Outcome.SEEN_AGAIN);
        Alert again = alerts.get(a.id());
        assertThat(again.state()).as("still acknowledged").isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(again.occurrences()).isEqualTo(3);
        assertThat(again.lastSeen()).isAfter(again.firstSeen());

        assertThat(types()).containsExactly(Alerts.FIRED, Alerts.UPDATED, Alerts.ACKNOWLEDGED, Alerts.UPDATED);
        assertThat(notices).as("only a new alert goes to the channels").hasSize(1);
        assertThat(notices.get(0).state()).isEqualTo("firing");
        assertThat(notices.get(0).ruleName()).isEqualTo(rule.name());
        assertThat(registry.get("vigil.alerts.raised").tags("rule", rule.name(), "severity", "warning").counter().count()).isEqualTo(1);
    }

    @Test
    void aResolvedAlertIsFollowedByANewOneOnlyAfterTheCooldown() throws Exception {
        fire("slow");
        Alert first = alertsOfRule().get(0);
        Alert resolved = alerts.resolve(first.id(), ANALYST);
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.resolvedBy()).isEqualTo("alice");
        assertThat(resolved.resolution()).isEqualTo("resolved by alice");
        assertThatThrownBy(() -> alerts.resolve(first.id(), ANALYST)).hasMessageContaining("already resolved by alice");
        assertThatThrownBy(() -> alerts.acknowledge(first.id(), ANALYST)).hasMessageContaining("nothing to acknowledge");

        clock.advance(Duration.ofMinutes(29));
        assertThat(fire("still slow")).isEqualTo(Alerts.Outcome.COOLING_DOWN);
        assertThat(alertsOfRule()).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(fire("slow again")).isEqualTo(Alerts.Outcome.OPENED);
        List<Alert> both = alertsOfRule();
        assertThat(both).hasSize(2);
        assertThat(both.get(0).state()).isEqualTo(AlertState.FIRING);
        assertThat(both.get(0).occurrences()).isEqualTo(1);

        assertThat(notices.stream().map(AlertNotice::state)).containsExactly("firing", "resolved", "firing");
        assertThat(types()).containsExactly(Alerts.FIRED, Alerts.RESOLVED, Alerts.FIRED);
    }

    @Test
    void withoutACooldownTheNextFiringIsANewAlertAtOnce() {
        rule = rule("no-cooldown-" + UUID.randomUUID().toString().substring(0, 8), "latency_p99", "0");
        fire("slow");
        alerts.close(alertsOfRule().get(0), Alerts.VIGIL, "the condition cleared", rule.channels());
        assertThat(alertsOfRule().get(0).resolvedBy()).isEqualTo("vigil");
        assertThat(fire("slow")).isEqualTo(Alerts.Outcome.OPENED);
    }

    @Test
    void instancesFiringAtOnceKeepOneAlertThatCountsEveryPrediction() throws Exception {
        AlertRule threat = rule("t-" + UUID.randomUUID().toString().substring(0, 8), "threat_prediction", "30m");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Alerts.Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            outcomes.add(pool.submit(() -> alerts.fire(new ThreatFiring(threat, model, "kdd", 1, clock.instant(), 250,
                    Map.of(n % 2 == 0 ? "neptune" : "smurf", 250L), 0.9 + n / 1000.0, List.of(UUID.randomUUID().toString()),
                    UUID.randomUUID().toString()))));
        }
        List<Alerts.Outcome> seen = new ArrayList<>();
        for (Future<Alerts.Outcome> f : outcomes) {
            seen.add(f.get());
        }
        pool.shutdown();
        assertThat(Collections.frequency(seen, Alerts.Outcome.OPENED)).isEqualTo(1);
        List<Alert> all = alerts.list(new AlertFilter(null, false, null, model, threat.id(), null, null, null), 1, 10).items();
        assertThat(all).hasSize(1);
        Alert a = all.get(0);
        assertThat(a.occurrences()).isEqualTo(10_000);
        assertThat(a.category()).isEqualTo("security");
        assertThat(a.details().get("classes")).isEqualTo(Map.of("neptune", 5000, "smurf", 5000));
        assertThat(((Number) a.details().get("maxConfidence")).doubleValue()).isCloseTo(0.939, org.assertj.core.api.Assertions.within(1e-9));
        assertThat((List<?>) a.details().get("examples")).hasSize(ThreatWatch.EXAMPLES);
        assertThat(a.summary()).startsWith("10000 predictions of an attack class (neptune: 5000, smurf: 5000) with confidence >= 0.90"
                + " by model kdd version 1");
    }

    @Test
    void theListFiltersAndPages() {
        fire("one");
        UUID other = model;
        model = UUID.randomUUID();
        fire("two");
        Instant now = clock.instant();
        assertThat(alerts.list(new AlertFilter(AlertState.FIRING, false, Severity.WARNING, other, rule.id(), RuleKind.LATENCY_P99,
                now.minusSeconds(60), now.plusSeconds(60)), 1, 10).items()).extracting(Alert::modelId).containsExactly(other);
        assertThat(alerts.list(new AlertFilter(null, true, null, null, rule.id(), null, null, null), 1, 1).total()).isEqualTo(2);
        assertThat(alerts.list(new AlertFilter(null, false, Severity.CRITICAL, null, rule.id(), null, null, null), 1, 10).items()).isEmpty();
        assertThat(alerts.list(new AlertFilter(null, false, null, null, rule.id(), null, now.plusSeconds(60), null), 1, 10).items()).isEmpty();
        Page<Alert> second = alerts.list(new AlertFilter(null, false, null, null, rule.id(), null, null, null), 2, 1);
        assertThat(second.pages()).isEqualTo(2);
        assertThat(second.items()).hasSize(1);
    }
}

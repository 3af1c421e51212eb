package io.vigil.server.monitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Role;
import io.vigil.server.events.EventBus;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.SteppingClock;
import io.vigil.server.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configuration's rules at each start, and the schedule instances share: a rule no longer
 * configured goes (its open alert resolved), a configured name an API rule has stops the start,
 * and of two instances one claims each round.
 */
class RulesOfTheConfigurationTest {
    static Database database;
    static EventBus bus;
    static final SteppingClock clock = new SteppingClock();
    static AlertRules rules;
    static Alerts alerts;
    static final AtomicInteger changes = new AtomicInteger();

    @BeforeAll
    static void start() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
        bus = new EventBus();
        AlertRuleRepository rows = new AlertRuleRepository(database.jdbi());
        alerts = new Alerts(new AlertRepository(database.jdbi()), rows, bus, AlertNotifier.NONE, new AlertMeters(new SimpleMeterRegistry()),
                clock);
        rules = new AlertRules(rows, alerts, new ModelRepository(database.jdbi()), clock, changes::incrementAndGet);
    }

    @AfterAll
    static void stop() {
        bus.close();
        database.close();
    }

    private static List<AlertRule> configured(String json) {
        return AlertRules.parseConfig(json);
    }

    @Test
    void aRuleNoLongerConfiguredGoesWithItsOpenAlertAndAnApiRulesNameStopsTheStart() {
        rules.loadConfig(configured("[{\"name\": \"cfg-a\", \"kind\": \"latency_p99\"}, {\"name\": \"cfg-b\", \"kind\": \"error_rate\"}]"));
        assertThat(rules.list(1, 100).items()).extracting(AlertRule::name).contains("cfg-a", "cfg-b");
        AlertRule b = rules.list(1, 100).items().stream().filter(r -> r.name().equals("cfg-b")).findFirst().orElseThrow();
        assertThat(b.createdBy()).isEqualTo("configuration");
        alerts.fire(new Firing.Condition(b, null, null, null, clock.instant(), "errors", Map.of()));
        int before = changes.get();

        // the next start: cfg-b is no longer configured, cfg-a has changed
        clock.advance(Duration.ofMinutes(1));
        rules.loadConfig(configured("[{\"name\": \"cfg-a\", \"kind\": \"latency_p99\", \"threshold\": 500}]"));
        assertThat(changes.get()).isGreaterThan(before);
        assertThat(rules.list(1, 100).items()).extracting(AlertRule::name).contains("cfg-a").doesNotContain("cfg-b");
        AlertRule a = rules.get(AlertRules.configId("cfg-a"));
        assertThat(a.threshold()).isEqualTo(500);
        assertThat(a.createdAt()).as("kept from its first start").isBefore(a.updatedAt());
        Alert gone = alerts.list(new AlertFilter(null, false, null, null, null, RuleKind.ERROR_RATE, null, null), 1, 10).items().get(0);
        assertThat(gone.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(gone.resolution()).isEqualTo("its rule was removed from the configuration");
        assertThat(gone.ruleId()).as("the rule is gone; its name stays").isNull();
        assertThat(gone.ruleName()).isEqualTo("cfg-b");

        Caller ds = new Caller(UUID.randomUUID(), "dana", Role.DATA_SCIENTIST, Caller.Kind.USER);
        rules.create(new AlertRuleRequest("api-rule", "latency_p99", null, null, null, null, null, null, null, null, null, null, null,
                null, null), ds);
        assertThatThrownBy(() -> rules.loadConfig(configured("[{\"name\": \"api-rule\", \"kind\": \"error_rate\"}]")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a rule named api-rule was made through the API");
    }

    @Test
    void ofTwoInstancesOneClaimsEachRound() {
        MonitoringSchedule one = new MonitoringSchedule(database.jdbi());
        MonitoringSchedule two = new MonitoringSchedule(database.jdbi());
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Duration every = Duration.ofSeconds(60);
        assertThat(one.claim("test", t, every)).isTrue();
        assertThat(two.claim("test", t.plusSeconds(1), every)).isFalse();
        assertThat(one.claim("test", t.plusSeconds(30), every)).as("not due yet, whoever asks").isFalse();
        assertThat(two.claim("test", t.plusSeconds(60), every)).isTrue();
        assertThat(one.claim("test", t.plusSeconds(60), every)).isFalse();
        assertThat(one.claim("other", t, every)).as("tasks are claimed apart").isTrue();
    }
}

package io.vigil.server.monitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.core.FieldError;
import io.vigil.server.core.FieldErrors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A rule as written (the API's body, an item of alerts.rules): each kind's defaults, and every bad field named. */
class AlertRuleRequestTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static AlertRuleRequest request(String name, String kind) {
        return new AlertRuleRequest(name, kind, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static AlertRule create(AlertRuleRequest r) {
        FieldErrors errors = new FieldErrors();
        AlertRule rule = r.toRule(null, AlertRuleRequest.Source.API, UUID.randomUUID(), "ds", AT, errors);
        assertThat(errors.list()).isEmpty();
        return rule;
    }

    private static Map<String, String> problems(AlertRuleRequest r, AlertRule base, AlertRuleRequest.Source source) {
        FieldErrors errors = new FieldErrors();
        assertThat(r.toRule(base, source, UUID.randomUUID(), "ds", AT, errors)).isNull();
        return errors.list().stream().collect(Collectors.toMap(FieldError::field, FieldError::message));
    }

    @Test
    void eachKindHasItsDefaults() {
        AlertRule threat = create(request("threats", "threat_prediction"));
        assertThat(threat.threshold()).isEqualTo(0.9);
        assertThat(threat.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(threat.window()).isEqualTo("15m");
        assertThat(threat.cooldown()).isEqualTo("30m");
        assertThat(threat.classes()).isEmpty();
        assertThat(threat.enabled()).isTrue();
        assertThat(threat.global()).isTrue();
        assertThat(threat.kind().category()).isEqualTo("security");

        AlertRule accuracy = create(request("acc", "accuracy_drop"));
        assertThat(accuracy.threshold()).isEqualTo(0.05);
        assertThat(accuracy.window()).isEqualTo("24h");
        assertThat(accuracy.minSamples()).isEqualTo(30);
        assertThat(accuracy.severity()).isEqualTo(Severity.WARNING);
        assertThat(accuracy.kind().category()).isEqualTo("model");

        AlertRule mix = create(request("mix", "class_mix_shift"));
        assertThat(mix.baseline()).isEqualTo("reference");
        assertThat(mix.threshold()).isEqualTo(0.1);
        assertThat(create(request("lat", "latency_p99")).threshold()).isEqualTo(250);
        assertThat(create(request("err", "error_rate")).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(create(request("drift", "drift_share")).threshold()).isEqualTo(0.5);
    }

    @Test
    void decisionsFireEachOneWithoutAThresholdOrACoolDown() {
        for (String kind : List.of("experiment_decision", "retraining")) {
            AlertRule rule = create(request("news", kind));
            assertThat(rule.kind().fired()).isTrue();
            assertThat(rule.severity()).isEqualTo(Severity.INFO);
            assertThat(rule.window()).as("quiet this long, its alert resolves").isEqualTo("1h");
            assertThat(rule.cooldownLength()).as("each decision is news: none held back after a resolution").isZero();
            assertThat(rule.kind().category()).isEqualTo("model");
            AlertRuleRequest withThreshold = new AlertRuleRequest("t", kind, null, null, 0.5, null, null, null, null, null, null, null,
                    null, null, null);
            assertThat(problems(withThreshold, null, AlertRuleRequest.Source.API).get("threshold"))
                    .isEqualTo(kind + " has no threshold: a rule of it fires on each one; leave threshold out");
        }
        assertThat(create(request("drift", "drift_share")).cooldown()).isEqualTo("30m");
    }

    @Test
    void everyBadFieldIsNamed() {
        AlertRuleRequest bad = new AlertRuleRequest("-bad name", "threat_prediction", null, "kdd", 1.5, 0.5, List.of(""), "previous",
                "2 weeks", 0, "urgent", "soon", List.of("not-a-uuid"), null, null);
        Map<String, String> p = problems(bad, null, AlertRuleRequest.Source.API);
        assertThat(p).containsKeys("name", "model", "threshold", "floor", "classes[0]", "baseline", "window", "minSamples", "severity",
                "cooldown", "channels[0]");
        assertThat(p.get("threshold")).contains("a confidence from 0 to 1");
        assertThat(p.get("floor")).contains("applies to another kind of rule, not to threat_prediction");
        assertThat(p.get("model")).contains("by its id, in modelId");

        assertThat(problems(request(null, null), null, AlertRuleRequest.Source.API)).containsOnlyKeys("name", "kind");
        assertThat(problems(request("x", "cpu"), null, AlertRuleRequest.Source.API).get("kind")).contains("drift_share, accuracy_drop");
        // the error rate is the server's: no model
        AlertRuleRequest perModel = new AlertRuleRequest("e", "error_rate", UUID.randomUUID(), null, null, null, null, null, null, null,
                null, null, null, null, null);
        assertThat(problems(perModel, null, AlertRuleRequest.Source.API).get("modelId")).contains("the whole server");
        // a rule of the configuration names its model by name
        AlertRuleRequest byId = new AlertRuleRequest("c", "latency_p99", UUID.randomUUID(), null, null, null, null, null, null, null,
                null, null, null, null, null);
        assertThat(problems(byId, null, AlertRuleRequest.Source.CONFIG)).containsKey("modelId");
    }

    @Test
    void aChangeKeepsWhatItLeavesOutAndNeverTheKind() {
        AlertRule base = create(new AlertRuleRequest("acc", "accuracy_drop", UUID.randomUUID(), null, 0.1, 0.7, null, null, "1h", 50,
                "critical", "0", List.of(UUID.randomUUID().toString()), true, "SOC"));
        assertThat(base.cooldownLength()).isZero();
        FieldErrors errors = new FieldErrors();
        AlertRule changed = new AlertRuleRequest(null, null, null, null, 0.2, null, null, null, null, null, null, null, null, false, null)
                .toRule(base, AlertRuleRequest.Source.API, base.id(), "admin", AT.plusSeconds(5), errors);
        assertThat(errors.list()).isEmpty();
        assertThat(changed.threshold()).isEqualTo(0.2);
        assertThat(changed.enabled()).isFalse();
        assertThat(changed).usingRecursiveComparison().ignoringFields("threshold", "enabled", "updatedBy", "updatedAt").isEqualTo(base);
        assertThat(changed.updatedBy()).isEqualTo("admin");
        assertThat(changed.createdBy()).isEqualTo("ds");

        assertThat(problems(request(null, "latency_p99"), base, AlertRuleRequest.Source.API).get("kind")).contains("cannot change");
    }

    @Test
    void rulesOfTheConfigurationAreCheckedAsTheApiChecksThemAndNamedByPlace() {
        List<AlertRule> rules = AlertRules.parseConfig("[{\"name\": \"kdd-threats\", \"kind\": \"threat_prediction\", \"model\": \"kdd-gbm\","
                + " \"threshold\": 0.8, \"classes\": [\"attack\"]}, {\"name\": \"slow\", \"kind\": \"latency_p99\", \"threshold\": 100}]");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).modelName()).isEqualTo("kdd-gbm");
        assertThat(rules.get(0).modelId()).isNull();
        assertThat(rules.get(0).global()).isFalse();
        assertThat(rules.get(0).fromConfig()).isTrue();
        assertThat(rules.get(0).id()).as("the same id at every start").isEqualTo(AlertRules.configId("kdd-threats"));
        assertThat(rules.get(1).global()).isTrue();

        assertThatThrownBy(() -> AlertRules.parseConfig("[{\"name\": \"a\", \"kind\": \"latency_p99\", \"threshold\": -1},"
                + " {\"name\": \"a\", \"kind\": \"latency_p99\"}, {\"name\": \"b\", \"kind\": \"error_rate\", \"thresold\": 0.1}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alerts.rules[0].threshold: for latency_p99: milliseconds")
                .hasMessageContaining("alerts.rules[1].name: another rule of alerts.rules is named a")
                .hasMessageContaining("alerts.rules[2]: unknown field 'thresold'");
        assertThatThrownBy(() -> AlertRules.parseConfig("{\"name\": \"a\"}")).hasMessageContaining("must be a list of rules");
        assertThat(AlertRules.parseConfig("")).isEmpty();
    }
}

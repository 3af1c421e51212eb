package io.vigil.server.monitoring.alerts;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert rules: those of the configuration ({@code alerts.rules}, written into the table at each
 * start, changed only there) and those made through {@code /ml/alerts/rules}. A rule deleted or
 * disabled resolves its open alerts. Whoever watches rules ({@link ThreatWatch}) hears of each change.
 */
public final class AlertRules {
    private static final Logger log = LoggerFactory.getLogger(AlertRules.class);
    /** Who wrote the rules of the configuration. */
    static final String CONFIGURATION = "configuration";

    private final AlertRuleRepository rules;
    private final Alerts alerts;
    private final ModelRepository models;
    private final Clock clock;
    private final Runnable changed;

    AlertRules(AlertRuleRepository rules, Alerts alerts, ModelRepository models, Clock clock, Runnable changed) {
        this.rules = rules;
        this.alerts = alerts;
        this.models = models;
        this.clock = clock;
        this.changed = changed;
    }

    /** The rules {@code requests} make; the problems of each (a null request was not readable: said already) in {@code problems}. */
    private static List<AlertRule> check(List<AlertRuleRequest> requests, Instant at, List<String> problems) {
        List<AlertRule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            AlertRuleRequest r = requests.get(i);
            if (r == null) {
                continue;
            }
            FieldErrors errors = new FieldErrors();
            AlertRule rule = r.toRule(null, AlertRuleRequest.Source.CONFIG, configId(r.name()), CONFIGURATION, at, errors);
            String place = "alerts.rules[" + i + "]";
            errors.list().forEach(e -> problems.add(place + "." + e.field() + ": " + e.message()));
            if (r.name() != null && !names.add(r.name())) {
                problems.add(place + ".name: another rule of alerts.rules is named " + r.name());
            } else if (rule != null) {
                out.add(rule);
            }
        }
        return out;
    }

    /**
     * {@code json}, an array of rules ({@code alerts.rules} as the configuration loader keeps a YAML
     * sequence of mappings, or {@code VIGIL_ALERTS_RULES}), read and each checked as the API checks
     * one; the problems, each named {@code alerts.rules[i].field}, in an {@link IllegalArgumentException}.
     */
    public static List<AlertRule> parseConfig(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        com.fasterxml.jackson.databind.JsonNode items;
        try {
            items = io.vigil.server.core.Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("is not a list of rules (JSON or a YAML sequence of mappings): "
                    + e.getOriginalMessage());
        }
        if (items == null || !items.isArray()) {
            throw new IllegalArgumentException("must be a list of rules (a YAML sequence of mappings)");
        }
        List<AlertRuleRequest> requests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            requests.add(null);
            if (!items.get(i).isObject()) {
                problems.add("alerts.rules[" + i + "]: must be a rule (a mapping of its settings)");
                continue;
            }
            try {
                requests.set(i, io.vigil.server.core.Json.MAPPER.treeToValue(items.get(i), AlertRuleRequest.class));
            } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
                problems.add("alerts.rules[" + i + "]: unknown field '" + e.getPropertyName() + "'; a rule has name, kind, model,"
                        + " threshold, floor, classes, baseline, window, minSamples, severity, cooldown, channels, enabled, description");
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                        ? "." + m.getPath().get(0).getFieldName() : "";
                problems.add("alerts.rules[" + i + "]" + field + ": a value of the wrong kind (a rule is a mapping of names to texts,"
                        + " numbers, true/false and lists)");
            }
        }
        List<AlertRule> rules = check(requests, Instant.EPOCH, problems);
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(AlertRules::placeOf)); // in the file's order
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return rules;
    }

    /** The index of the rule a problem is about ({@code alerts.rules[3]...}). */
    private static int placeOf(String problem) {
        return Integer.parseInt(problem.substring(problem.indexOf('[') + 1, problem.indexOf(']')));
    }

    /** A configuration rule's id: the same at every start and on every instance, from its name. */
    static UUID configId(String name) {
        return UUID.nameUUIDFromBytes(("vigil alerts.rules " + name).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Makes the table's configuration rules those of {@code configured}: new and changed ones
     * written, those no longer configured deleted (their open alerts resolved). A configured name
     * that a rule of the API already has stops the start.
     */
    void loadConfig(List<AlertRule> rulesOfConfig) {
        Instant now = clock.instant();
        List<AlertRule> configured = rulesOfConfig.stream().map(r -> r.writtenAt(now)).toList();
        List<AlertRule> removed = rules.jdbi().inTransaction(h -> {
            h.execute("lock table alert_rules in share row exclusive mode"); // instances starting together write them one at a time
            for (AlertRule rule : configured) {
                rules.findByName(h, rule.name()).filter(existing -> !existing.fromConfig()).ifPresent(existing -> {
                    throw new IllegalStateException("alerts.rules: a rule named " + rule.name() + " was made through the API (id "
                            + existing.id() + "); rename one of them");
                });
                rules.upsert(h, rule);
            }
            List<AlertRule> stale = rules.configRulesBut(h, configured.stream().map(AlertRule::id).toList());
            return stale;
        });
        for (AlertRule stale : removed) {
            resolveOpen(stale, Alerts.VIGIL, "its rule was removed from the configuration");
            rules.jdbi().useHandle(h -> rules.delete(h, stale.id()));
        }
        log.atInfo().addKeyValue("rules", configured.size()).addKeyValue("removed", removed.size()).log("alert rules of the configuration loaded");
        changed.run();
    }

    public Page<AlertRule> list(int page, int size) {
        List<AlertRule> all = rules.all();
        int from = Math.min(all.size(), (page - 1) * size);
        return Page.of(all.subList(from, Math.min(all.size(), from + size)), page, size, all.size());
    }

    public AlertRule get(UUID id) {
        return rules.find(id).orElseThrow(() -> VigilException.notFound("no alert rule with id " + id));
    }

    /** Every enabled rule (the evaluation rounds' and the threat watch's). */
    List<AlertRule> enabled() {
        return rules.enabled();
    }

    public AlertRule create(AlertRuleRequest request, Caller caller) {
        FieldErrors errors = new FieldErrors();
        AlertRule rule = request.toRule(null, AlertRuleRequest.Source.API, UUID.randomUUID(), caller.name(), clock.instant(), errors);
        checkModel(rule, errors);
        errors.throwIfAny();
        boolean inserted = rules.jdbi().withHandle(h -> rules.insert(h, rule));
        if (!inserted) {
            throw VigilException.conflict("an alert rule named " + rule.name() + " exists; choose another name");
        }
        log.atInfo().addKeyValue("rule", rule.name()).addKeyValue("kind", rule.kind().wire()).addKeyValue("by", caller.name())
                .log("alert rule created");
        changed.run();
        return get(rule.id());
    }

    public AlertRule update(UUID id, AlertRuleRequest request, Caller caller) {
        AlertRule before = changeable(id, "change");
        FieldErrors errors = new FieldErrors();
        AlertRule after = request.toRule(before, AlertRuleRequest.Source.API, id, caller.name(), clock.instant(), errors);
        checkModel(after, errors);
        errors.throwIfAny();
        if (!rules.jdbi().withHandle(h -> rules.update(h, after))) {
            throw VigilException.conflict("an alert rule named " + after.name() + " exists; choose another name");
        }
        if (before.enabled() && !after.enabled()) {
            resolveOpen(after, caller.name(), "its rule was disabled by " + caller.name());
        }
        log.atInfo().addKeyValue("rule", after.name()).addKeyValue("by", caller.name()).log("alert rule changed");
        changed.run();
        return get(id);
    }

    public void delete(UUID id, Caller caller) {
        AlertRule rule = changeable(id, "delete");
        resolveOpen(rule, caller.name(), "its rule was deleted by " + caller.name());
        rules.jdbi().useHandle(h -> rules.delete(h, id));
        log.atInfo().addKeyValue("rule", rule.name()).addKeyValue("by", caller.name()).log("alert rule deleted");
        changed.run();
    }

    private AlertRule changeable(UUID id, String what) {
        AlertRule rule = get(id);
        if (rule.fromConfig()) {
            throw VigilException.conflict("alert rule " + rule.name() + " comes from the configuration (alerts.rules in vigil.yaml):"
                    + " " + what + " it there");
        }
        return rule;
    }

    private void checkModel(AlertRule rule, FieldErrors errors) {
        if (rule != null && rule.modelId() != null && models.withHandle(h -> models.find(h, rule.modelId())).isEmpty()) {
            errors.add("modelId", "no model with id " + rule.modelId());
        }
    }

    private void resolveOpen(AlertRule rule, String by, String why) {
        for (Alert open : alerts.open()) {
            if (rule.id().equals(open.ruleId())) {
                alerts.close(open, by, why, rule.channels());
            }
        }
    }
}

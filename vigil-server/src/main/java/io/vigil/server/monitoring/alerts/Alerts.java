package io.vigil.server.monitoring.alerts;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts: one per incident. A firing while the rule's alert for that model is open (firing or
 * acknowledged) adds to its count and last-seen time; after it is resolved, the rule's cool-down
 * passes before a new alert. Every change is published on the event bus ({@code alert.fired},
 * {@code alert.updated}, {@code alert.acknowledged}, {@code alert.resolved}); a new alert and a
 * resolution also go to the rule's channels through the {@link AlertNotifier}.
 */
public final class Alerts {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    /** Who resolves an alert whose condition cleared. */
    public static final String VIGIL = "vigil";
    public static final String FIRED = "alert.fired";
    public static final String UPDATED = "alert.updated";
    public static final String ACKNOWLEDGED = "alert.acknowledged";
    public static final String RESOLVED = "alert.resolved";

    /** What a firing did. */
    enum Outcome { OPENED, SEEN_AGAIN, COOLING_DOWN }

    private final AlertRepository alerts;
    private final AlertRuleRepository rules;
    private final EventBus events;
    private final AlertNotifier notifier;
    private final AlertMeters meters;
    private final Clock clock;

    Alerts(AlertRepository alerts, AlertRuleRepository rules, EventBus events, AlertNotifier notifier, AlertMeters meters, Clock clock) {
        this.alerts = alerts;
        this.rules = rules;
        this.events = events;
        this.notifier = notifier;
        this.meters = meters;
        this.clock = clock;
    }

    /** Opens an alert for {@code f}, or adds to the open one; nothing within the rule's cool-down after the last one resolved. */
    Outcome fire(Firing f) {
        for (int attempt = 1; ; attempt++) {
            Result r = alerts.jdbi().inTransaction(h -> fireIn(h, f));
            if (r != null) {
                announce(r, f.rule());
                return r.outcome;
            }
            if (attempt == 3) { // another instance opened and closed it between our reads, twice: give up this firing
                log.atWarn().addKeyValue("rule", f.rule().name()).log("alert not recorded: it changed under us three times");
                return Outcome.SEEN_AGAIN;
            }
        }
    }

    private record Result(Outcome outcome, Alert alert) {}

    /** Null when another instance opened the same alert between the lookup and the insert: try again. */
    private Result fireIn(Handle h, Firing f) {
        UUID rule = f.rule().id();
        Optional<Alert> open = alerts.openForUpdate(h, rule, f.modelId());
        if (open.isPresent()) {
            Alert a = open.get();
            Map<String, Object> details = f.details(a.details());
            long total = a.occurrences() + f.occurrences();
            Alert seen = a.seenAgain(f.occurrences(), f.at(), f.version(), f.summary(total, details), details);
            alerts.seenAgain(h, seen);
            return new Result(Outcome.SEEN_AGAIN, seen);
        }
        Optional<Instant> resolved = alerts.lastResolved(h, rule, f.modelId());
        Duration cooldown = f.rule().cooldownLength();
        if (resolved.isPresent() && f.at().isBefore(resolved.get().plus(cooldown))) {
            return new Result(Outcome.COOLING_DOWN, null);
        }
        Map<String, Object> details = f.details(null);
        Alert opened = new Alert(UUID.randomUUID(), rule, f.rule().name(), f.rule().kind(), f.rule().kind().category(),
                f.rule().severity(), AlertState.FIRING, f.modelId(), f.modelName(), f.version(), f.summary(f.occurrences(), details),
                details, f.at(), f.at(), f.occurrences(), null, null, null, null, null);
        return alerts.insert(h, opened) ? new Result(Outcome.OPENED, opened) : null;
    }

    private void announce(Result r, AlertRule rule) {
        if (r.outcome == Outcome.OPENED) {
            log.atWarn().addKeyValue("alertId", r.alert.id()).addKeyValue("rule", rule.name()).addKeyValue("kind", rule.kind().wire())
                    .addKeyValue("severity", rule.severity().wire()).addKeyValue("modelId", r.alert.modelId())
                    .addKeyValue("summary", r.alert.summary()).log("alert fired");
            publish(FIRED, r.alert);
            meters.fired(rule);
            tell(r.alert, rule.channels());
        } else if (r.outcome == Outcome.SEEN_AGAIN) {
            publish(UPDATED, r.alert);
        }
    }

    /**
     * Resolves {@code open} because its condition cleared or its rule or model went ({@code by}
     * {@value #VIGIL}, or the user who deleted or disabled its rule); nothing if it was resolved meanwhile.
     */
    void close(Alert open, String by, String resolution, List<UUID> channels) {
        alerts.jdbi().withHandle(h -> alerts.resolve(h, open.id(), by, clock.instant(), resolution)).ifPresent(resolved -> {
            log.atInfo().addKeyValue("alertId", resolved.id()).addKeyValue("rule", resolved.ruleName())
                    .addKeyValue("modelId", resolved.modelId()).addKeyValue("resolution", resolution).log("alert resolved");
            publish(RESOLVED, resolved);
            tell(resolved, channels);
        });
    }

    /** Every open alert: what the evaluation rounds may resolve. */
    List<Alert> open() {
        return alerts.open();
    }

    public Alert get(UUID id) {
        return alerts.find(id).orElseThrow(() -> VigilException.notFound("no alert with id " + id));
    }

    public Page<Alert> list(AlertFilter filter, int page, int size) {
        return alerts.list(filter, page, size);
    }

    /** {@code caller} takes a firing alert on: it stays open, and its rule's firings still add to it. */
    public Alert acknowledge(UUID id, Caller caller) {
        Alert acknowledged = alerts.acknowledge(id, caller.name(), clock.instant()).orElseThrow(() -> {
            Alert a = get(id);
            return VigilException.conflict(a.state() == AlertState.RESOLVED
                    ? "alert " + id + " was resolved by " + a.resolvedBy() + " at " + a.resolvedAt() + ": nothing to acknowledge"
                    : "alert " + id + " was already acknowledged by " + a.acknowledgedBy() + " at " + a.acknowledgedAt());
        });
        log.atInfo().addKeyValue("alertId", id).addKeyValue("by", caller.name()).log("alert acknowledged");
        publish(ACKNOWLEDGED, acknowledged);
        return acknowledged;
    }

    /** {@code caller} resolves an open alert; the rule's next firing for that model waits out its cool-down. */
    public Alert resolve(UUID id, Caller caller) {
        Alert resolved = alerts.jdbi().withHandle(h -> alerts.resolve(h, id, caller.name(), clock.instant(), "resolved by " + caller.name()))
                .orElseThrow(() -> {
                    Alert a = get(id);
                    return VigilException.conflict("alert " + id + " was already resolved by " + a.resolvedBy() + " at " + a.resolvedAt());
                });
        log.atInfo().addKeyValue("alertId", id).addKeyValue("by", caller.name()).log("alert resolved");
        publish(RESOLVED, resolved);
        tell(resolved, resolved.ruleId() == null ? List.of() : rules.find(resolved.ruleId()).map(AlertRule::channels).orElse(List.of()));
        return resolved;
    }

    private void publish(String type, Alert a) {
        events.publish(new Event(type, a.modelId(), null, a.state().wire(), null, a, clock.instant()));
    }

    private void tell(Alert a, List<UUID> channels) {
        try {
            notifier.notify(AlertNotice.of(a), channels);
        } catch (RuntimeException e) { // a channel's failure is the channel's to report; the alert stands
            log.atWarn().addKeyValue("alertId", a.id()).addKeyValue("error", e.toString()).log("the alert notifier failed");
        }
    }
}

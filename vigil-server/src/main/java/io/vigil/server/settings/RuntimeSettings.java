package io.vigil.server.settings;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import io.vigil.server.persistence.Notifications;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings that change while Vigil runs ({@code /ml/config}), wired: the registered
 * {@link RuntimeSection}s, their revisions in PostgreSQL, and the listener that brings every
 * instance sharing the database to the latest revision within a second.
 *
 * <p>A change is checked by its section, stored as the next revision (the section's advisory lock,
 * then {@code NOTIFY} in the same transaction), and put in force here before the answer; the other
 * instances hear the notification and put it in force too. Their readers never wait: a section's
 * value is swapped whole.
 *
 * <p>Start it after the database and close it before; sections may be registered before or after
 * {@link #start()} (one registered later takes its stored revision at once).
 */
public final class RuntimeSettings implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuntimeSettings.class);
    /** How often each instance compares its sections with the database, in case a notification was lost. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    static final int MAX_REASON = 500;

    private final SettingsRepository repository;
    private final Clock clock;
    private final Notifications notifications;
    private final boolean ownsNotifications;
    private final Duration checkEvery;
    private Notifications.Subscription subscription;
    private final Map<String, RuntimeSection<?>> sections = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * With a listener of its own (for tests of the settings alone).
     *
     * @param listenerConnections opens the connection the listener keeps for itself (outside the pool)
     * @param checkEvery          how often sections are compared with the database besides notifications
     */
    public RuntimeSettings(Jdbi jdbi, Notifications.Connections listenerConnections, Clock clock, Duration checkEvery) {
        this(jdbi, new Notifications(listenerConnections), true, clock, checkEvery);
    }

    /**
     * @param notifications the instance's one listener (started by its owner); the settings hear
     *                      {@link SettingsRepository#CHANNEL} on it
     * @param checkEvery    how often sections are compared with the database besides notifications
     */
    public RuntimeSettings(Jdbi jdbi, Notifications notifications, Clock clock, Duration checkEvery) {
        this(jdbi, notifications, false, clock, checkEvery);
    }

    private RuntimeSettings(Jdbi jdbi, Notifications notifications, boolean owned, Clock clock, Duration checkEvery) {
        this.repository = new SettingsRepository(jdbi);
        this.clock = clock;
        this.notifications = notifications;
        this.ownsNotifications = owned;
        this.checkEvery = checkEvery;
    }

    /** Adds {@code section}; once started, its latest stored revision is put in force before this returns. */
    public <T> RuntimeSection<T> register(RuntimeSection<T> section) {
        if (sections.putIfAbsent(section.name(), section) != null) {
            throw new IllegalStateException("a runtime settings section called " + section.name() + " is registered already");
        }
        if (started) {
            reload(section.name());
        }
        return section;
    }

    /** Puts every section's stored revision in force, then listens for changes. */
    public RuntimeSettings start() {
        started = true;
        reloadAll();
        subscription = notifications.subscribe(SettingsRepository.CHANNEL, this::reload, this::reloadAll, checkEvery);
        if (ownsNotifications) {
            notifications.start();
        }
        return this;
    }

    /** The registered section called {@code name}: 404 if there is none. */
    public RuntimeSection<?> section(String name) {
        RuntimeSection<?> section = sections.get(name);
        if (section == null) {
            throw VigilException.notFound("there is no settings section '" + name + "'; the sections are " + names());
        }
        return section;
    }

    /** Every section with the revision in force, by name. */
    public List<SectionSummary> list() {
        List<SectionSummary> out = new ArrayList<>();
        for (String name : names()) {
            RuntimeSection<?> section = sections.get(name);
            out.add(new SectionSummary(name, section.snapshot().revision()));
        }
        return out;
    }

    /** One line of {@link #list()}. */
    public record SectionSummary(String section, int revision) {}

    /** The revision in force of {@code name}, with its value (revision 0: the default). */
    public SettingsRevision get(String name) {
        RuntimeSection<?> section = section(name);
        RuntimeSection.Snapshot<?> snapshot = section.snapshot();
        if (snapshot.revision() == 0) {
            return defaultRevision(section);
        }
        return repository.find(name, snapshot.revision())
                .orElseThrow(() -> new IllegalStateException("revision " + snapshot.revision() + " of " + name + " is in force but not stored"));
    }

    /**
     * Stores {@code value} as the next revision of {@code section} and puts it in force: 400 naming
     * every bad field, and nothing changed, if it does not pass the section's check; 409 if
     * {@code expectedRevision} is given and is not the latest.
     */
    public <T> SettingsRevision change(RuntimeSection<T> section, T value, Caller caller, String reason, Integer expectedRevision) {
        return store(section, value, caller, reason, expectedRevision, null);
    }

    /** Changes {@code section} to what {@code change} makes of the value in force (checked and stored as {@link #change}). */
    public <T> SettingsRevision update(RuntimeSection<T> section, UnaryOperator<T> change, Caller caller, String reason) {
        RuntimeSection.Snapshot<T> now = section.snapshot();
        return store(section, change.apply(now.value()), caller, reason, now.revision(), null);
    }

    /** A new revision with the value of {@code revision} (0: the default): 404 if there is no such revision. */
    public SettingsRevision rollback(String name, int revision, Caller caller, String reason) {
        RuntimeSection<?> section = section(name);
        return rollback(section, revision, caller, reason);
    }

    private <T> SettingsRevision rollback(RuntimeSection<T> section, int revision, Caller caller, String reason) {
        T value;
        if (revision == 0) {
            value = section.defaultValue();
        } else {
            SettingsRevision old = repository.find(section.name(), revision).orElseThrow(() -> VigilException.notFound(
                    "section " + section.name() + " has no revision " + revision));
            value = read(section, old.value());
        }
        return store(section, value, caller, reason, null, revision);
    }

    /** Stored revisions of {@code name}, newest first; revision 0, the default, is the last page's last item. */
    public Page<SettingsRevision> history(String name, int page, int size) {
        RuntimeSection<?> section = section(name);
        int stored = repository.latestRevision(name);
        int total = stored + 1;
        int offset = (page - 1) * size;
        List<SettingsRevision> items = new ArrayList<>(offset < stored ? repository.history(name, offset, size) : List.of());
        if (offset + size > stored && offset <= stored) {
            items.add(defaultRevision(section));
        }
        return Page.of(items, page, size, total);
    }

    private <T> SettingsRevision store(RuntimeSection<T> section, T value, Caller caller, String reason, Integer expectedRevision,
                                      Integer rolledBackFrom) {
        FieldErrors errors = section.validate(value);
        if (reason != null) {
            errors.text("reason", reason, MAX_REASON);
        }
        errors.throwIfAny();
        SettingsRevision stored = repository.append(new SettingsRepository.Change(section.name(), Json.write(value), caller.name(),
                clock.instant(), reason, rolledBackFrom), expectedRevision);
        section.apply(value, stored.revision());
        log.atInfo().addKeyValue("section", section.name()).addKeyValue("revision", stored.revision())
                .addKeyValue("by", caller.name()).addKeyValue("rolledBackFrom", rolledBackFrom).log("runtime settings changed");
        return stored;
    }

    /** Puts the latest stored revision of {@code name} in force here, if it is newer than the one in force. */
    void reload(String name) {
        RuntimeSection<?> section = sections.get(name);
        if (section != null) {
            repository.latest(name).ifPresent(latest -> applyStored(section, latest));
        }
    }

    /** Reloads every section whose latest stored revision is newer than the one in force. */
    void reloadAll() {
        repository.latestRevisions().forEach((name, latest) -> {
            RuntimeSection<?> section = sections.get(name);
            if (section != null && latest > section.snapshot().revision()) {
                reload(name);
            }
        });
    }

    private <T> void applyStored(RuntimeSection<T> section, SettingsRevision latest) {
        if (latest.revision() <= section.snapshot().revision()) {
            return;
        }
        T value;
        try {
            value = read(section, latest.value());
        } catch (RuntimeException e) { // stored by a version of Vigil that read it otherwise: keep what is in force
            log.atError().addKeyValue("section", section.name()).addKeyValue("revision", latest.revision()).setCause(e)
                    .log("a stored runtime setting cannot be read; the one in force stays");
            return;
        }
        FieldErrors errors = section.validate(value);
        if (!errors.isEmpty()) {
            log.atError().addKeyValue("section", section.name()).addKeyValue("revision", latest.revision())
                    .addKeyValue("errors", errors.list()).log("a stored runtime setting is invalid; the one in force stays");
            return;
        }
        if (section.apply(value, latest.revision())) {
            log.atInfo().addKeyValue("section", section.name()).addKeyValue("revision", latest.revision())
                    .addKeyValue("by", latest.changedBy()).log("runtime settings applied");
        }
    }

    private static <T> T read(RuntimeSection<T> section, JsonNode stored) {
        try {
            return section.cast(Json.MAPPER.treeToValue(stored, section.type()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored value of " + section.name() + " does not match its type: " + e.getOriginalMessage(), e);
        }
    }

    private static SettingsRevision defaultRevision(RuntimeSection<?> section) {
        return new SettingsRevision(section.name(), 0, Json.MAPPER.valueToTree(section.defaultValue()), null, null,
                "the start-time default", null);
    }

    private List<String> names() {
        return sections.keySet().stream().sorted().toList();
    }

    /** Optional access for the wiring: the section called {@code name}, if registered. */
    public Optional<RuntimeSection<?>> find(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        if (ownsNotifications) {
            notifications.close();
        }
    }
}

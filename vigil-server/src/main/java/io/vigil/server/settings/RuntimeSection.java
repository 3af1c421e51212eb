package io.vigil.server.settings;

import io.vigil.server.core.FieldErrors;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One section of the runtime settings ({@code /ml/config/{name}}): a JSON value bound to an
 * immutable type {@code T} (a record), its start-time default (revision 0), the check a new value
 * must pass, and the listeners that put a value in force. Readers call {@link #current()}: one
 * volatile read of an immutable snapshot, no lock. A change replaces the whole value at once, so a
 * reader sees the old value or the new one, never a mix.
 *
 * <p>Registering a section is a few lines where its part is wired ({@code Vigil}):
 * <pre>{@code
 * RuntimeSection<IncidentSettings> incidents = vigil.settings().register(RuntimeSection.of(
 *         "incidents", IncidentSettings.class, IncidentSettings.from(config), IncidentSettings::validate));
 * incidents.listen(grouping::use);          // called now with the value in force, then on every change
 * ...
 * Duration window = incidents.current().window(); // or read it where it is needed, lock-free
 * }</pre>
 * {@code validate} returns the problems of a value, each under the path of its field
 * ({@code modelTypes.network-intrusion.event}); the value is refused unless it returns none. It
 * must refuse everything a listener could not apply: a listener that fails leaves the value stored
 * but not in force on that instance (logged at ERROR).
 *
 * @param <T> the value's type: immutable, read from JSON with unknown fields refused
 */
public final class RuntimeSection<T> {
    private static final Logger log = LoggerFactory.getLogger(RuntimeSection.class);
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final Function<T, FieldErrors> validator;
    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Snapshot<T>> current;

    /** The value in force and its revision (0: the default). */
    public record Snapshot<T>(T value, int revision) {}

    private RuntimeSection(String name, Class<T> type, T defaultValue, Function<T, FieldErrors> validator) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a section's name is camelCase letters and digits: " + name);
        }
        this.name = name;
        this.type = Objects.requireNonNull(type);
        this.defaultValue = Objects.requireNonNull(defaultValue, "a section needs its default");
        this.validator = Objects.requireNonNull(validator);
        FieldErrors problems = validator.apply(defaultValue);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the default of section " + name + " is invalid: " + problems.list());
        }
        this.current = new AtomicReference<>(new Snapshot<>(defaultValue, 0));
    }

    /**
     * A section called {@code name} (its path segment), of values of {@code type}, with its default
     * and its check.
     */
    public static <T> RuntimeSection<T> of(String name, Class<T> type, T defaultValue, Function<T, FieldErrors> validate) {
        return new RuntimeSection<>(name, type, defaultValue, validate);
    }

    /**
     * Calls {@code listener} now with the value in force, then with each new value, on the thread that
     * applies it (a request's, or the notification listener's), one change at a time and in revision order.
     */
    public RuntimeSection<T> listen(Consumer<T> listener) {
        synchronized (this) {
            listeners.add(listener);
            listener.accept(current.get().value());
        }
        return this;
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The value in force: lock-free, never null. */
    public T current() {
        return current.get().value();
    }

    /** The value in force with its revision, read together. */
    public Snapshot<T> snapshot() {
        return current.get();
    }

    /** The problems of {@code value}, each under its field's path; none: it may be applied. */
    public FieldErrors validate(T value) {
        if (value == null) {
            FieldErrors errors = new FieldErrors();
            errors.add("body", "the section's value is required");
            return errors;
        }
        return validator.apply(value);
    }

    /**
     * Puts {@code value} of {@code revision} in force, if it is newer than the one in force (a
     * notification may come after this instance applied the change itself); answers whether it did.
     */
    synchronized boolean apply(T value, int revision) {
        if (revision <= current.get().revision()) {
            return false;
        }
        current.set(new Snapshot<>(value, revision));
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) { // the value is stored; the others still apply it
                log.atError().addKeyValue("section", name).addKeyValue("revision", revision).setCause(e)
                        .log("a listener could not apply a runtime setting");
            }
        }
        return true;
    }

    /** Casts a value read as this section's type. */
    T cast(Object value) {
        return type.cast(value);
    }
}

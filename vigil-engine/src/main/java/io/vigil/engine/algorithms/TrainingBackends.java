package io.vigil.engine.algorithms;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The {@link TrainingBackend}s on the class path, found once with {@link ServiceLoader} (like the
 * {@link AlgorithmProvider}s); one instance of each for the process.
 */
public final class TrainingBackends {
    /** The name of training in this process, by the engine's own trainers: always there, never a backend. */
    public static final String IN_PROCESS = "local";

    private static final Map<String, TrainingBackend> BACKENDS = new TreeMap<>();

    static {
        for (TrainingBackend b : ServiceLoader.load(TrainingBackend.class, TrainingBackends.class.getClassLoader())) {
            if (b.name().equals(IN_PROCESS) || BACKENDS.putIfAbsent(b.name(), b) != null) {
                throw new IllegalStateException(b.getClass().getName() + " registers the training backend '" + b.name()
                        + "', which is already taken");
            }
        }
    }

    private TrainingBackends() {
    }

    /** Every engine a training may ask for: {@value #IN_PROCESS} first, then the backends by name. */
    public static java.util.List<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(IN_PROCESS);
        out.addAll(BACKENDS.keySet());
        return out;
    }

    /** The backend called {@code name}, if one is on the class path. */
    public static Optional<TrainingBackend> find(String name) {
        return Optional.ofNullable(BACKENDS.get(name));
    }
}

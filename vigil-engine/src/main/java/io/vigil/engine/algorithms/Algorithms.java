package io.vigil.engine.algorithms;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Registry of every algorithm by name: what the service lists, and how bundles find their loader.
 * Every trainer comes from an {@link AlgorithmProvider} on the class path, the built-in ones too,
 * listed in the providers' {@link AlgorithmProvider#listingOrder() order}.
 */
public final class Algorithms {
    private static final Map<String, Supplier<Trainer>> TRAINERS = new LinkedHashMap<>();

    static {
        List<AlgorithmProvider> providers = ServiceLoader.load(AlgorithmProvider.class, Algorithms.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(AlgorithmProvider::listingOrder).thenComparing(p -> p.getClass().getName()))
                .toList();
        for (AlgorithmProvider provider : providers) {
            provider.trainers().forEach((name, supplier) -> {
                if (TRAINERS.putIfAbsent(name, supplier) != null) {
                    throw new IllegalStateException(provider.getClass().getName() + " registers '" + name + "', which is already taken");
                }
            });
        }
    }

    private Algorithms() {
    }

    public static List<String> names() {
        return List.copyOf(TRAINERS.keySet());
    }

    /** The trainer registered as {@code name}; unknown names fail listing the known ones. */
    public static Trainer trainer(String name) {
        Supplier<Trainer> s = TRAINERS.get(name);
        if (s == null) throw new IllegalArgumentException("unknown algorithm '" + name + "' (known: " + String.join(", ", TRAINERS.keySet()) + ")");
        return s.get();
    }
}

package io.vigil.neural;

import java.util.Map;

/** Library facts shared by both trainers. Loading this class does not load DL4J. */
final class Dl4j {
    static final String VERSION = "1.0.0-M2.1";

    private Dl4j() {
    }

    static Map<String, String> versions() {
        return Map.of("deeplearning4j", VERSION, "java", System.getProperty("java.version"));
    }
}

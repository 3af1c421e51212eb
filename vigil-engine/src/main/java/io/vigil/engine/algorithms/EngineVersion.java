package io.vigil.engine.algorithms;

/** The engine's version, from the jar manifest when packaged. */
public final class EngineVersion {
    private EngineVersion() {
    }

    public static String get() {
        String v = EngineVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}

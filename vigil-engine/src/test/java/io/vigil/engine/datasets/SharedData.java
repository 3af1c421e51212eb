package io.vigil.engine.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared datasets folder: system property {@code vigil.shared.dir} (Maven's surefire
 * sets it), else {@code ../../shared} from the working directory (a module directory).
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String prop = System.getProperty("vigil.shared.dir");
        return (prop != null ? Path.of(prop) : Path.of("..", "..", "shared")).toAbsolutePath().normalize();
    }

    /** A file under {@code datasets/}; fails naming the exact missing path if it is absent. */
    public static Path dataset(String relative) {
        Path file = dir().resolve("datasets").resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing dataset file: " + file + " (set -Dvigil.shared.dir to the folder holding datasets/)");
        }
        return file;
    }
}

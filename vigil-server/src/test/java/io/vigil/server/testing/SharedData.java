package io.vigil.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of {@code ../shared/datasets}; a test that needs a missing one fails and names it. */
public final class SharedData {
    private SharedData() {}

    public static Path file(String relative) {
        String configured = System.getProperty("vigil.shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        Path file = dir.resolve("datasets").resolve(relative).normalize();
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("this test needs the shared dataset file " + file.toAbsolutePath()
                    + " (../shared/datasets/" + relative + " beside the project); it is missing");
        }
        return file;
    }
}

package io.vigil.server.testing;

import java.nio.file.Path;

/** Files of {@code ../shared/datasets}; a test that needs a missing one fails and names it. */
public final class SharedData {
    private SharedData() {}

    public static Path file(String relative) {
        try {
            return io.vigil.engine.datasets.SharedData.dataset(relative);
        } catch (IllegalStateException missing) {
            throw new AssertionError("this test needs ../shared/datasets/" + relative + ": " + missing.getMessage());
        }
    }
}

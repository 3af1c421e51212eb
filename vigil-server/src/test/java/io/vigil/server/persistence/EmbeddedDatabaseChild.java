package io.vigil.server.persistence;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Run in a child JVM by {@link StalePostmasterTest}: starts the embedded database on the data
 * directory given as argument, writes a row, prints {@code READY <row id>} and waits to be killed.
 */
public final class EmbeddedDatabaseChild {
    private EmbeddedDatabaseChild() {}

    public static void main(String[] args) throws InterruptedException {
        Database database = Database.start(DatabaseSettings.embedded(Path.of(args[0])));
        UUID id = DatasetRows.insert(database.jdbi(), "written before the crash");
        System.out.println("READY " + id);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

package io.vigil.server.persistence;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The embedded PostgreSQL's binaries from the class path, as the library finds them, but for one
 * case it refuses: the same binaries jar reached twice, which happens when a jar's manifest
 * {@code Class-Path} (the server jar's {@code lib/}) and Maven's class path both hold it, as in
 * vigil-spark's tests and {@code ./vigil serve --with-spark}. The copies are the same: the first will do.
 */
public final class ClassPathPostgresBinaries implements PgBinaryResolver {
    public static final ClassPathPostgresBinaries INSTANCE = new ClassPathPostgresBinaries();

    private ClassPathPostgresBinaries() {}

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        } catch (IllegalStateException twice) {
            String name = ("postgres-" + system + "-" + machineHardware + ".txz").toLowerCase(Locale.ROOT);
            InputStream first = ClassPathPostgresBinaries.class.getClassLoader().getResourceAsStream(name);
            if (first == null) {
                throw twice;
            }
            return first;
        }
    }
}

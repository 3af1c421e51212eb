package io.vigil.cli.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text files commands read as UTF-8: a path, or {@code -} for stdin. */
final class TextInputs {
    private TextInputs() {}

    static BufferedReader open(String file) throws IOException {
        return "-".equals(file) ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
    }

    /** {@link #open}, with a missing file as a usage error that names it. */
    static BufferedReader openNamed(String file) throws IOException, io.vigil.cli.CliException {
        try {
            return open(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new io.vigil.cli.CliException("no file " + file, io.vigil.cli.ExitCodes.USAGE);
        }
    }

    /** The first character that is not white space, left unread (-1 for none): what kind of file it is. */
    static int firstNonBlank(BufferedReader reader) throws IOException {
        reader.mark(1 << 16);
        int first;
        do {
            first = reader.read();
        } while (first != -1 && Character.isWhitespace(first));
        reader.reset();
        return first;
    }
}

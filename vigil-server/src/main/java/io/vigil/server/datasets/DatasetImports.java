package io.vigil.server.datasets;

import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets read from a file of the server's import directory ({@code imports.dir}), for a training that names a
 * file ({@code datasetPath}) instead of an uploaded dataset, as the pipeline service's clients do. Off unless the
 * directory is configured. The path is taken relative to the directory, every link followed, and refused unless the
 * file it reaches lies inside it: the local-file inclusion flaws of MLflow and H2O came from reading such a path as
 * given. The file then goes through the upload's own intake (formats, limits, profiling), as if it had been uploaded.
 */
public final class DatasetImports {
    private static final Logger log = LoggerFactory.getLogger(DatasetImports.class);
    static final String FIELD = "datasetPath";

    private final DatasetService datasets;
    private final Path dir; // its real path; null when off

    /** {@code dir}: the import directory's real path, or null for none. */
    public DatasetImports(DatasetService datasets, Path dir) {
        this.datasets = datasets;
        this.dir = dir;
    }

    /** A new dataset of the file at {@code requested} in the import directory, with {@code labelColumn} (may be null). */
    public Dataset importFile(String requested, String labelColumn) {
        Path file = resolve(requested);
        String name = file.getFileName().toString();
        UploadRequest request = new UploadRequest(name, "imported from " + FIELD + " " + requested, labelColumn, null, null,
                List.of(), null, false, name, null, false, null);
        try (InputStream in = Files.newInputStream(file)) {
            Dataset dataset = datasets.upload(request, in);
            log.atInfo().addKeyValue("datasetId", dataset.id()).addKeyValue("file", dir.relativize(file)).log("dataset imported");
            return dataset;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.relativize(file) + " in the import directory", e);
        }
    }

    /** The real path of {@code requested} inside the import directory; a 422 for anything that is not a file in it. */
    Path resolve(String requested) {
        if (dir == null) {
            throw refused("the server has no import directory: upload the dataset (POST /ml/datasets) and train with its datasetId, "
                    + "or have an administrator set imports.dir (VIGIL_IMPORTS_DIR)", "no import directory is configured");
        }
        if (requested == null || requested.isBlank() || requested.indexOf('\0') >= 0) {
            throw refused("datasetPath names no file", "a path relative to the import directory, e.g. flows/monday.csv");
        }
        Path file;
        try {
            Path given = Path.of(requested);
            // an absolute path is read as one under the directory, never as the machine's own
            file = dir.resolve(given.isAbsolute() ? given.getRoot().relativize(given) : given).normalize();
        } catch (InvalidPathException e) {
            throw refused("datasetPath is not a path: " + e.getReason(), "not a path");
        }
        Path real;
        try {
            real = file.toRealPath(); // links followed: where the bytes really are
        } catch (NoSuchFileException e) {
            throw refused("no file " + requested + " in the import directory", "no such file in the import directory");
        } catch (IOException e) {
            throw refused("the file " + requested + " in the import directory cannot be read", "cannot be read");
        }
        if (!real.startsWith(dir) || !file.startsWith(dir)) {
            log.atWarn().addKeyValue("requested", requested).log("datasetPath outside the import directory refused");
            throw refused("datasetPath must name a file inside the import directory; " + requested + " is outside it",
                    "outside the import directory");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(requested + " in the import directory is not a file", "not a file");
        }
        return real;
    }

    private static VigilException refused(String detail, String field) {
        return VigilException.unprocessable(detail, List.of(new FieldError(FIELD, field)));
    }
}

package io.vigil.server.monitoring.retraining;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.datasets.ConcatRequest;
import io.vigil.server.datasets.CsvRows;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetConcatenation;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.datasets.SchemaColumn;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The newest data of a deployed version's lineage: the dataset it was trained on and, when the
 * policy asks, the feedback-labelled predictions made since (since the end of the feedback its own
 * retraining took, else since it was trained), made into a dataset of their own and joined after
 * the training dataset with {@link DatasetConcatenation}. The job trains on the joined dataset; both
 * parts stay, so what a version learned from can be read back.
 */
final class RetrainingData {
    /**
     * What a retraining trains on.
     *
     * @param feedback      the feedback rows as a dataset; null when none were taken
     * @param feedbackUntil the feedback covers predictions made before this; null when the policy takes none
     */
    record Chosen(Dataset base, Dataset feedback, Dataset training, int feedbackRows, Instant feedbackSince, Instant feedbackUntil) {}

    private final DatasetService datasets;
    private final DatasetConcatenation concatenation;
    private final FeedbackRows feedbackRows;
    private final TriggerRepository triggers;
    private final int maxFeedbackRows;

    RetrainingData(DatasetService datasets, FeedbackRows feedbackRows, TriggerRepository triggers, int maxFeedbackRows) {
        this.datasets = datasets;
        this.concatenation = new DatasetConcatenation(datasets);
        this.feedbackRows = feedbackRows;
        this.triggers = triggers;
        this.maxFeedbackRows = maxFeedbackRows;
    }

    /** The data to retrain {@code model} on, from its deployed version {@code deployed} trained on {@code baseId}, at {@code now}. */
    Chosen choose(RegisteredModel model, ModelVersion deployed, UUID baseId, boolean includeFeedback, Instant now) {
        Dataset base = datasets.get(baseId);
        if (!includeFeedback) {
            return new Chosen(base, null, base, 0, null, null);
        }
        Instant since = deployed.jobId() == null ? deployed.createdAt()
                : triggers.feedbackUntil(deployed.jobId()).orElse(deployed.createdAt());
        List<String> columns = base.schema().stream().map(SchemaColumn::name).toList();
        Path csv = null;
        try {
            csv = datasets.newCsvFile("vigil-feedback-");
            int rows;
            try (CsvWriter out = CsvRows.writer(csv)) {
                out.writeRecord(columns);
                rows = feedbackRows.write(model.id(), columns, model.targetVariable(), since, now, maxFeedbackRows, out);
            }
            if (rows == 0) {
                return new Chosen(base, null, base, 0, since, now);
            }
            String span = since + " to " + now;
            Dataset feedback = datasets.storeCsv(limited("feedback of " + model.modelName() + " " + span),
                    rows + " predictions of model " + model.modelName() + " made from " + span + ", with their recorded inputs and"
                            + " the true label sent as feedback; columns no version reads are empty", model.targetVariable(), csv);
            // a list that answers contains(null): ConcatRequest asks it, and List.of throws on it
            Dataset training = concatenation.concat(new ConcatRequest(limited(base.name() + " + feedback to " + now),
                    "the rows of " + base.name() + ", then " + rows + " feedback-labelled predictions of " + model.modelName()
                            + " (dataset " + feedback.id() + "): retraining data", Arrays.asList(base.id(), feedback.id()),
                    model.targetVariable()));
            return new Chosen(base, feedback, training, rows, since, now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feedback rows of model " + model.id(), e);
        } finally {
            deleteQuietly(csv);
        }
    }

    private static String limited(String name) {
        return name.length() <= RequestLimits.NAME_LENGTH ? name : name.substring(0, RequestLimits.NAME_LENGTH);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a scratch file: the sweep at the next start takes it
            }
        }
    }
}

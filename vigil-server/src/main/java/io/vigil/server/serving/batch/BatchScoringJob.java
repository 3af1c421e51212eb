package io.vigil.server.serving.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.algorithms.Scorer;
import io.vigil.engine.data.TableReader;
import io.vigil.engine.features.InvalidRecordException;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.CsvRows;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobContext;
import io.vigil.server.jobs.JobHandler;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobResult;
import io.vigil.server.jobs.NewJob;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.LoadedModels;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.models.ModelSelector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scores a stored dataset as a job ({@code batch_predict}, on the training queue): rows stream from
 * storage through the model into a temporary CSV (input columns + prediction columns), which then
 * becomes a new dataset. Memory stays flat whatever the dataset's size.
 */
public final class BatchScoringJob implements JobHandler {
    public static final String KIND = "batch_predict";
    private static final int CHECK_EVERY = 2048;

    private final ModelResolver resolver;
    private final LoadedModels loaded;
    private final DatasetService datasets;
    private final JobQueue queue;

    public BatchScoringJob(ModelResolver resolver, LoadedModels loaded, DatasetService datasets, JobQueue queue) {
        this.resolver = resolver;
        this.loaded = loaded;
        this.datasets = datasets;
        this.queue = queue;
    }

    /** Queues the scoring of {@code datasetId} with the model version that serves {@code selector} now, for {@code by}. */
    public Job submit(ModelSelector selector, UUID datasetId, Caller by) {
        LoadedModel model = resolver.resolve(selector);
        Dataset dataset = datasets.get(datasetId);
        List<String> columns = dataset.schema().stream().map(c -> c.name()).toList();
        List<String> lacking = model.trained().pipeline().requiredInputsMissingFrom(columns);
        if (!lacking.isEmpty()) {
            throw VigilException.unprocessable("dataset " + datasetId + " lacks inputs of the model: " + lacking,
                    List.of(new FieldError("datasetId", "lacks the model's inputs " + lacking)));
        }
        Payload payload = new Payload(model.ref().id(), model.ref().version(), datasetId);
        return queue.submit(NewJob.of(KIND, payload.toJson()).withModelId(model.ref().id()).withCreatedBy(by.name()));
    }

    @Override
    public JobResult run(JobContext ctx) throws Exception {
        Payload p = Payload.of(ctx.payload());
        LoadedModel model = loaded.get(p.modelId(), p.version());
        Dataset source = datasets.get(p.datasetId());
        ctx.progress(0.0, "scoring");
        Path csv = datasets.newCsvFile("vigil-batch-predict-");
        try {
            long rows = score(ctx, model, source, csv);
            ctx.progress(0.95, "storing");
            String name = source.name() + "-predictions-" + model.ref().name() + "-v" + model.ref().version();
            Dataset result = datasets.storeCsv(name, "predictions of " + model.ref().name() + " version "
                    + model.ref().version() + " on dataset " + source.name(), source.labelColumn(), csv);
            ctx.info("scored " + rows + " rows into dataset " + result.id());
            return JobResult.ofValue(new Outcome(result.id(), rows, model.ref(), source.id()));
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private long score(JobContext ctx, LoadedModel model, Dataset source, Path csv) throws IOException {
        Model m = model.trained().model();
        List<String> classes = m.classes();
        float[] x = new float[model.featureCount()];
        ScoredRows scored = new ScoredRows(); // one row at a time, the same arrays for every row
        Map<String, Object> record = new HashMap<>();
        long rows = 0;
        try (InputStream in = datasets.openContent(source);
             TableReader reader = TableReader.open(in, source.parsing().toReadOptions(), source.fileName());
             CsvWriter out = CsvRows.writer(csv)) {
            List<String> columns = reader.columnNames();
            int[] inputColumn = new int[model.inputNames().size()];
            for (int i = 0; i < inputColumn.length; i++) {
                inputColumn[i] = columns.indexOf(model.inputNames().get(i));
                if (inputColumn[i] < 0 && !model.isOptional(i)) {
                    throw new IllegalStateException("dataset " + source.id() + " has no column '" + model.inputNames().get(i) + "'");
                }
            }
            List<String> header = new ArrayList<>(columns);
            header.add("predicted_label");
            header.add("confidence");
            classes.forEach(c -> header.add("p_" + c));
            if (model.isDetector()) {
                header.add("anomaly_score");
            }
            out.writeRecord(header);
            String[] line = new String[header.size()]; // the input's cells, then the prediction's
            for (String[] cells; (cells = reader.next()) != null; ) {
                for (int i = 0; i < inputColumn.length; i++) {
                    record.put(model.inputNames().get(i), inputColumn[i] < 0 ? null : cells[inputColumn[i]]);
                }
                int at = columns.size();
                Arrays.fill(line, null);
                System.arraycopy(cells, 0, line, 0, Math.min(cells.length, at));
                try {
                    model.trained().pipeline().encode(record, x);
                    Scorer.score(m, x, 0, scored);
                    line[at++] = scored.label(0);
                    line[at++] = Double.toString(scored.confidence(0));
                    for (int c = 0; c < classes.size(); c++) {
                        line[at++] = Double.toString(scored.probability(0, c));
                    }
                    if (scored.hasAnomalyScores()) {
                        line[at] = Double.toString(scored.anomalyScore(0));
                    }
                } catch (InvalidRecordException e) {
                    // a row the model cannot read gets empty prediction cells, not a failed job
                }
                out.writeRecord(line);
                if (++rows % CHECK_EVERY == 0) {
                    ctx.throwIfCancelled();
                    ctx.progress(0.9 * Math.min(1.0, rows / (double) Math.max(1, source.rows())), "scoring");
                }
            }
        }
        return rows;
    }

    /**
     * What a queued job scores: the model version that served the request, and the dataset. Written
     * and read by the one mapper; the field names are those older versions wrote, so their queued
     * jobs still run.
     */
    record Payload(UUID modelId, int version, UUID datasetId) {

        static Payload of(JsonNode stored) {
            try {
                return Json.MAPPER.treeToValue(stored, Payload.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a batch_predict job's parameters are not a model version and a dataset: " + stored, e);
            }
        }

        JsonNode toJson() {
            return Json.MAPPER.valueToTree(this);
        }
    }

    /** The job's result: the new dataset of predictions, its rows, the model version and the dataset scored. */
    record Outcome(UUID datasetId, long rows, ModelRef model, UUID sourceDatasetId) {}
}

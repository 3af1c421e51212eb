package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.Session;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Json;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.ProgressBar;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil models create|list|show|train|status|validate|deploy|batch-predict|retire} over {@code /ml/models}. */
@Command(name = "models", description = "Register, train, validate, deploy and retire models.")
public final class ModelsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "create", description = "Register a model.")
    int create(
            @Option(names = "--name", required = true, paramLabel = "N", description = "unique model name") String name,
            @Option(names = "--type", required = true, paramLabel = "T", description = "detection slot: intrusion, fraud, host-anomaly ...") String type,
            @Option(names = "--algorithm", required = true, paramLabel = "A") String algorithm,
            @Option(names = "--target", paramLabel = "COL", description = "the label column to predict") String target,
            @Option(names = "--param", paramLabel = "k=v", description = "hyperparameter (repeatable; numbers and true/false are typed)") Map<String, String> params,
            @Option(names = "--features", paramLabel = "a,b", split = ",", description = "feature columns (default: all but the target)") List<String> features,
            @Option(names = "--description", paramLabel = "D") String description,
            @Option(names = "--tag", paramLabel = "t", description = "repeatable") List<String> tags,
            @Option(names = "--drop", paramLabel = "a,b", split = ",", description = "columns never used as features") List<String> drop,
            @Option(names = "--binarize", paramLabel = "NEG:POS", description = "every label but NEG becomes POS, e.g. normal:attack") String binarize) {
        return cli.run(spec, session -> {
            ModelRequests.Create body = new ModelRequests.Create(name, type, algorithm, target, ParamValues.typed(params),
                    features == null ? List.of() : features, description, tags == null ? List.of() : tags,
                    drop, binarize(binarize));
            ApiResponse response = session.api().post(Query.path("/ml/models"), body);
            return session.show(response, ModelViews::printModel);
        });
    }

    @Command(name = "list", description = "List models.")
    int list(
            @Option(names = "--type", paramLabel = "T") String type,
            @Option(names = "--status", paramLabel = "S", description = "created, training, trained, validated, deployed, retired, failed, cancelled") String status,
            @Option(names = "--name", paramLabel = "S", description = "part of the name") String name,
            @Option(names = "--page", paramLabel = "N") Integer page,
            @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/models")
                    .param("type", type).param("status", status).param("name", name).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
            } else {
                JsonNode answer = response.json();
                Pages.print(ModelListViews.table(answer.path("items")), answer, "model", session.out());
                if (ModelListViews.hasHeadlines(answer.path("items"))) session.out().println(ModelListViews.LIST_LEGEND);
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One model and its versions.")
    int show(@Parameters(paramLabel = "ID", description = "model id or name") String idOrName) {
        return cli.run(spec, session -> {
            String id = Names.model(session.api(), idOrName);
            ApiResponse model = session.api().get(Query.path("/ml/models/", id));
            ApiResponse versions = session.api().get(Query.path("/ml/models/", id, "/versions"));
            if (session.json()) {
                ObjectNode both = Json.MAPPER.createObjectNode();
                both.set("model", model.json());
                both.set("versions", versions.json());
                session.out().println(both);
            } else {
                ModelViews.printModel(model.json(), session.out());
                ModelListViews.printHeadline(model.json(), session.out());
                session.out().println();
                ModelViews.printVersions(versions.json(), session.out());
            }
            return ExitCodes.OK;
        });
    }

    /** Either a split of the training dataset or a separate validation dataset, not both. */
    static final class Holdout {
        @Option(names = "--split", paramLabel = "F", description = "fraction held out for testing, e.g. 0.2") Double split;
        @Option(names = "--validation-dataset", paramLabel = "DSID", description = "test on this dataset (id or name) instead") String validationDataset;
    }

    /** A hyperparameter search: the values to try, and how to compare them. */
    static final class Search {
        @Option(names = "--tune", required = true, paramLabel = "k=v1,v2",
                description = "search this hyperparameter over these values (repeatable), e.g. --tune max_depth=4,6,8")
        Map<String, String> space;
        @Option(names = "--tune-method", paramLabel = "M", description = "grid (every combination, the default) or random") String method;
        @Option(names = "--trials", paramLabel = "N", description = "random search: combinations to try (server default 10)") Integer trials;
        @Option(names = "--folds", paramLabel = "N", description = "cross-validation folds per combination (server default 3)") Integer folds;
        @Option(names = "--tune-metric", paramLabel = "M",
                description = "what the search maximises: roc_auc (default), pr_auc, accuracy, f1, macro_f1, weighted_f1 or log_loss (minimised)")
        String metric;

        ModelRequests.Tuning request() {
            Map<String, List<Object>> values = new LinkedHashMap<>();
            space.forEach((name, list) -> values.put(name, Arrays.stream(list.split(",")).map(ParamValues::value).toList()));
            return new ModelRequests.Tuning(method, values, trials, folds, metric);
        }
    }

    @Command(name = "train", description = "Queue a training job; --wait follows it to the end and prints its metrics.")
    int train(
            @Parameters(paramLabel = "ID", description = "model id or name") String idOrName,
            @Option(names = "--dataset", required = true, paramLabel = "DSID", description = "training dataset (id or name)") String dataset,
            @ArgGroup(exclusive = true) Holdout holdout,
            @Option(names = "--param", paramLabel = "k=v", description = "hyperparameter override (repeatable)") Map<String, String> params,
            @ArgGroup(exclusive = false, heading = "Hyperparameter search (cross-validated on the training part; the best is trained):%n")
            Search search,
            @Option(names = "--priority", paramLabel = "N", description = "higher runs first") Integer priority,
            @Option(names = "--seed", paramLabel = "N", description = "random seed (server default 42)") Long seed,
            @Option(names = "--time-limit", paramLabel = "SECONDS", description = "stop the training after this long") Integer timeLimit,
            @Option(names = "--engine", paramLabel = "NAME", description = "where it trains: local (default) or spark (a server started with --with-spark)") String engine,
            @Option(names = "--wait", description = "show live progress until the job ends; exit 1 unless it succeeded") boolean wait) {
        return cli.run(spec, session -> {
            String id = Names.model(session.api(), idOrName);
            ModelRequests.Train body = new ModelRequests.Train(Names.dataset(session.api(), dataset), holdout == null ? null : holdout.split,
                    holdout == null ? null : Names.dataset(session.api(), holdout.validationDataset), ParamValues.typed(params),
                    search == null ? null : search.request(), priority, seed, timeLimit, engine);
            ApiResponse queued = session.api().post(Query.path("/ml/models/", id, "/train"), body);
            String jobId = Formats.text(queued.json(), "id");
            if (!wait) {
                if (session.json()) {
                    session.printJson(queued);
                } else {
                    JobViews.printJob(queued.json(), session.out());
                    session.err().println("follow it with: ./vigil jobs logs " + jobId + " --follow");
                }
                return ExitCodes.OK;
            }
            ApiResponse finished = new JobWatcher(session.api(), jobId, ProgressBar.forConsole(session.err()), session.err()).await();
            return reportTraining(session, finished);
        });
    }

    @Command(name = "batch-predict", description = "Score a stored dataset as a job; the result is a new dataset (inputs + predictions).")
    int batchPredict(
            @Parameters(paramLabel = "ID", description = "model id or name (its deployed version scores)") String idOrName,
            @Option(names = "--dataset", required = true, paramLabel = "DSID", description = "the dataset to score (id or name)") String dataset,
            @Option(names = "--wait", description = "follow the job to its end; exit 1 unless it succeeded") boolean wait,
            @Option(names = "--output", paramLabel = "FILE", description = "with --wait: save the result as CSV") Path output) {
        return cli.run(spec, session -> {
            if (output != null && !wait) {
                throw new CliException("--output needs --wait", ExitCodes.USAGE);
            }
            String id = Names.model(session.api(), idOrName);
            ApiResponse queued = session.api().post(Query.path("/ml/models/", id, "/batch-predict"),
                    new ModelRequests.BatchPredict(Names.dataset(session.api(), dataset)));
            if (!wait) {
                if (session.json()) session.printJson(queued);
                else JobViews.printJob(queued.json(), session.out());
                return ExitCodes.OK;
            }
            ApiResponse finished = new JobWatcher(session.api(), Formats.text(queued.json(), "id"), ProgressBar.forConsole(session.err()), session.err()).await();
            JsonNode job = finished.json();
            if (session.json()) session.printJson(finished);
            if (!JobViews.succeeded(job)) return reportFailure(session, job);
            String result = Formats.text(job.path("result"), "datasetId");
            if (!session.json()) {
                session.out().println("scored " + Formats.text(job.path("result"), "rows") + " rows: result dataset " + result);
            }
            if (output != null) {
                long bytes = session.api().download(Query.path("/ml/datasets/", result, "/download"), output);
                if (!session.json()) session.out().println("saved to " + output + " (" + Formats.bytes(bytes) + ")");
            }
            return ExitCodes.OK;
        });
    }

    /** A job that ended without succeeding: its state and error on stderr, exit 1. */
    private static int reportFailure(Session session, JsonNode job) {
        String error = Formats.text(job, "error");
        session.err().println("error: job " + Formats.text(job, "id") + " " + Formats.text(job, "state")
                + (error == null ? "" : ": " + error));
        return ExitCodes.FAILED;
    }

    private static int reportTraining(Session session, ApiResponse finished) {
        JsonNode job = finished.json();
        if (session.json()) session.printJson(finished);
        if (!JobViews.succeeded(job)) return reportFailure(session, job);
        if (!session.json()) {
            JsonNode result = job.path("result");
            session.out().println("job " + Formats.text(job, "id") + " succeeded"
                    + (job.hasNonNull("durationMs") ? " in " + Formats.duration(job.path("durationMs").asLong()) : "")
                    + ": model " + Formats.text(job, "modelId")
                    + (result.hasNonNull("version") ? " version " + Formats.text(result, "version") : ""));
            if (result.path("tuning").isObject()) {
                session.out().println();
                JobViews.printTuning(result.path("tuning"), session.out());
            }
            if (result.path("metrics").isObject()) {
                session.out().println();
                JobViews.printMetrics(result.path("metrics"), session.out());
            }
        }
        return ExitCodes.OK;
    }

    @Command(name = "status", description = "Lifecycle state, versions and the current job.")
    int status(@Parameters(paramLabel = "ID", description = "model id or name") String idOrName) {
        return cli.run(spec, session -> session.show(
                session.api().get(Query.path("/ml/models/", Names.model(session.api(), idOrName), "/status")), ModelViews::printStatus));
    }

    @Command(name = "inputs", description = "What a prediction record carries: each input, its type, and whether it is required.")
    int inputs(
            @Parameters(paramLabel = "ID", description = "model id or name") String idOrName,
            @Option(names = "--version", paramLabel = "V", description = "default: the deployed version, else the latest") Integer version) {
        return cli.run(spec, session -> {
            String id = Names.model(session.api(), idOrName);
            String v = version != null ? version.toString() : defaultVersion(session.api().get(Query.path("/ml/models/", id)).json());
            ApiResponse response = session.api().get(Query.path("/ml/models/", id, "/versions/", v, "/inputs"));
            return session.show(response, ModelViews::printInputs);
        });
    }

    @Command(name = "report", description = "How a version did on its test rows: per-class metrics, confusion matrix, "
            + "feature importance and its hyperparameter search (--json adds the ROC, PR and calibration points).")
    int report(
            @Parameters(paramLabel = "ID", description = "model id or name") String idOrName,
            @Option(names = "--version", paramLabel = "V", description = "default: the deployed version, else the latest") Integer version,
            @Option(names = "--top", paramLabel = "K", defaultValue = "15", description = "features to list (default ${DEFAULT-VALUE})") int top) {
        return cli.run(spec, session -> {
            String id = Names.model(session.api(), idOrName);
            String v = version != null ? version.toString() : defaultVersion(session.api().get(Query.path("/ml/models/", id)).json());
            ApiResponse response = session.api().get(Query.path("/ml/models/", id, "/artifacts").param("version", v));
            return session.show(response, (artifacts, out) -> ModelViews.printReport(v, artifacts, top, out));
        });
    }

    /** The deployed version, else the latest; an error when the model has no version yet. */
    private static String defaultVersion(JsonNode model) throws CliException {
        String v = firstText(model, "deployedVersion", "latestVersion");
        if (v == null) {
            throw new CliException("model " + Formats.text(model, "modelName") + " has no version yet; train it first", ExitCodes.FAILED);
        }
        return v;
    }

    @Command(name = "validate", description = "Evaluate a version on a dataset against metric thresholds; exit 1 if it does not pass.")
    int validate(
            @Parameters(paramLabel = "ID", description = "model id or name") String idOrName,
            @Option(names = "--dataset", required = true, paramLabel = "DSID", description = "id or name; not the training data") String dataset,
            @Option(names = "--version", paramLabel = "V", description = "default: the latest") Integer version,
            @Option(names = "--threshold", paramLabel = "metric=min", description = "e.g. accuracy=0.9 (repeatable; default: the server's)") Map<String, Double> thresholds) {
        return cli.run(spec, session -> {
            String id = Names.model(session.api(), idOrName);
            ModelRequests.Validate body = new ModelRequests.Validate(Names.dataset(session.api(), dataset), version, thresholds);
            ApiResponse response = session.api().post(Query.path("/ml/models/", id, "/validate"), body);
            JsonNode report = response.json();
            if (session.json()) session.printJson(response);
            else ModelViews.printValidation(report, session.out());
            return report.path("passed").asBoolean(false) ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }

    @Command(name = "deploy", description = "Make a version the active model of its type.")
    int deploy(
            @Parameters(paramLabel = "ID", description = "model id or name") String idOrName,
            @Option(names = "--version", paramLabel = "V", description = "default: the latest validated") Integer version) {
        return cli.run(spec, session -> {
            String id = Names.model(session.api(), idOrName);
            ApiResponse response = session.api().post(Query.path("/ml/models/", id, "/deploy"), new ModelRequests.Deploy(version));
            if (session.json()) {
                session.printJson(response);
            } else {
                JsonNode answer = response.json();
                String deployed = firstText(answer, "version", "deployedVersion");
                String slot = Formats.text(answer, "modelType");
                session.out().println("deployed model " + idOrName + (deployed != null ? " version " + deployed
                        : version != null ? " version " + version : "")
                        + (slot != null ? " as the active " + slot + " model" : ""));
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "rollback", description = "Put back the deployment this model replaced in its slot.")
    int rollback(@Parameters(paramLabel = "ID", description = "model id or name (the one deployed now)") String idOrName) {
        return cli.run(spec, session -> session.show(
                session.api().post(Query.path("/ml/models/", Names.model(session.api(), idOrName), "/rollback"), null),
                (restored, out) -> out.println("rolled back: model " + Formats.text(restored, "modelId") + " version "
                        + Formats.text(restored, "version") + " is the active " + Formats.text(restored, "modelType") + " model again")));
    }

    @Command(name = "deployments", description = "The model's deployment history, newest first.")
    int deployments(@Parameters(paramLabel = "ID", description = "model id or name") String idOrName) {
        return cli.run(spec, session -> session.show(
                session.api().get(Query.path("/ml/models/", Names.model(session.api(), idOrName), "/deployments")), ModelViews::printDeployments));
    }

    @Command(name = "retire", description = "Unload a model; it stays readable.")
    int retire(@Parameters(paramLabel = "ID", description = "model id or name") String idOrName) {
        return cli.run(spec, session -> session.show(
                session.api().post(Query.path("/ml/models/", Names.model(session.api(), idOrName), "/retire"), null), (retired, out) -> {
            String status = firstText(retired, "status");
            out.println("retired model " + idOrName + (status != null ? " (" + status + ")" : ""));
        }));
    }

    private static ModelRequests.Binarize binarize(String negativeToPositive) throws CliException {
        if (negativeToPositive == null) return null;
        int colon = negativeToPositive.indexOf(':');
        if (colon <= 0 || colon == negativeToPositive.length() - 1) {
            throw new CliException("--binarize wants NEGATIVE:POSITIVE, e.g. normal:attack", ExitCodes.USAGE);
        }
        return new ModelRequests.Binarize(negativeToPositive.substring(0, colon), negativeToPositive.substring(colon + 1));
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = Formats.text(node, field);
            if (value != null) return value;
        }
        return null;
    }
}

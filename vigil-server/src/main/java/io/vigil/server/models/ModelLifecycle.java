package io.vigil.server.models;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.table.Table;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetReference;
import io.vigil.server.datasets.DatasetService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained model's way to serving and out of it: validate a version on other data behind metric
 * gates, deploy it, roll back, retire. The moves that change what serves a slot are
 * {@link DeploymentMoves}'; each move of the model's state is {@link ModelTransitions}'.
 */
public final class ModelLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ModelLifecycle.class);

    private final ModelRepository repository;
    private final ModelTransitions transitions;
    private final ModelBundles bundles;
    private final DatasetService datasets;
    private final Clock clock;
    private final Map<String, Double> defaultThresholds;
    private final DeploymentMoves deployments;

    public ModelLifecycle(ModelRepository repository, ModelTransitions transitions, ModelBundles bundles, DatasetService datasets,
                          Clock clock, Map<String, Double> defaultThresholds, UUID instance) {
        this.repository = repository;
        this.transitions = transitions;
        this.bundles = bundles;
        this.datasets = datasets;
        this.clock = clock;
        this.defaultThresholds = Map.copyOf(defaultThresholds);
        this.deployments = new DeploymentMoves(repository, transitions, clock, instance);
    }

    /**
     * Evaluates a version on a dataset it was not trained on and gates it on metric thresholds;
     * passing moves it (and the model) to {@code validated}. The report is stored on the version.
     */
    public ValidationReport validate(UUID id, ValidateRequest r) {
        FieldErrors errors = new FieldErrors();
        r.check(errors);
        errors.throwIfAny();
        RegisteredModel m = repository.get(id);
        int number = r.version() != null ? r.version() : repository.latestVersion(id);
        ModelVersion v = repository.getVersion(id, number);
        if (r.datasetId().equals(v.datasetId())) {
            throw VigilException.invalid("datasetId", "validate on data the version was not trained on; dataset "
                    + r.datasetId() + " is its training data");
        }
        Dataset dataset = datasets.get(r.datasetId());
        if (dataset.sha256().equals(v.datasetSha256())) {
            throw VigilException.invalid("datasetId", "dataset " + r.datasetId() + " has the same content as the version's"
                    + " training data; validate on data it was not trained on");
        }
        TrainedModel trained = bundles.load(v);
        return validateOn(m, v, trained, datasets.loadTable(dataset, trained.pipeline().target(), m.labelMapping()), dataset,
                r.thresholds());
    }

    /**
     * Validates version {@code number} on rows the caller chose from {@code from} (retraining compares
     * a new version with the deployed one on rows neither trained on), as {@link #validate} does on a
     * whole dataset: evaluated, gated on {@code thresholds}, the report stored, the version validated
     * when it passed.
     */
    public ValidationReport validateOn(UUID id, int number, Table rows, Dataset from, Map<String, Double> thresholds) {
        ModelVersion v = repository.getVersion(id, number);
        return validateOn(repository.get(id), v, bundles.load(v), rows, from, thresholds);
    }

    /** The metrics of version {@code number} on {@code rows} (labelled as {@link DatasetService#loadTable} reads them); nothing is stored. */
    public Map<String, Double> measure(UUID id, int number, Table rows) {
        return ModelEvaluation.evaluate(bundles.load(repository.getVersion(id, number)), rows).metrics();
    }

    private ValidationReport validateOn(RegisteredModel m, ModelVersion v, TrainedModel trained, Table table, Dataset dataset,
                                        Map<String, Double> requested) {
        UUID id = m.id();
        int number = v.version();
        FieldErrors errors = new FieldErrors();
        ModelEvaluation.Evaluation evaluation = ModelEvaluation.evaluate(trained, table);
        Map<String, Double> metrics = evaluation.metrics();
        // the default gates are on labelled metrics; a detector without labels has none of them
        Map<String, Double> thresholds = requested != null && !requested.isEmpty() ? requested
                : defaultThresholds.entrySet().stream().filter(t -> metrics.containsKey(t.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (String name : thresholds.keySet()) {
            if (!metrics.containsKey(name)) {
                errors.add("thresholds." + name, "unknown metric; known: " + metrics.keySet());
            }
        }
        errors.throwIfAny();
        List<ValidationReport.Gate> gates = ModelEvaluation.gates(metrics, thresholds);
        List<ValidationReport.Gate> failures = ModelEvaluation.failures(gates);
        boolean passed = failures.isEmpty();
        ValidationReport report = new ValidationReport(id, number, dataset.id(), dataset.sha256(), DatasetReference.of(dataset), passed,
                metrics, thresholds, gates, failures, evaluation.report() == null ? null : ConfusionCounts.of(evaluation.report()),
                clock.instant());
        repository.inTransaction(h -> {
            RegisteredModel locked = repository.getLocked(h, id);
            repository.setValidation(h, id, number, report);
            if (passed && v.status() == VersionStatus.TRAINED) {
                repository.setVersionStatus(h, id, number, VersionStatus.VALIDATED);
            }
            if (passed && locked.status() != ModelStatus.DEPLOYED && locked.status().canMoveTo(ModelStatus.VALIDATED)) {
                transitions.move(h, locked, ModelStatus.VALIDATED);
            }
            return null;
        });
        log.atInfo().addKeyValue("modelId", id).addKeyValue("version", number).addKeyValue("passed", passed)
                .addKeyValue("accuracy", metrics.get("accuracy")).log("model validated");
        return report;
    }

    /**
     * Deploys a version as a client without a validation step expects (the pipeline service: train, then deploy):
     * one not validated yet is first validated on the rows its training held out (or its validation dataset),
     * never trained on, against the default thresholds, and deployed only if it passes; one below them is a 409
     * naming the failed gates. A version validated already deploys as {@link #deploy} does.
     */
    public Deployment deployValidatingOnHeldOut(UUID id, Integer version, Caller by) {
        RegisteredModel m = repository.get(id);
        int number = version != null ? version : repository.latestVersion(id);
        ModelVersion v = repository.getVersion(id, number);
        if (v.status() == VersionStatus.TRAINED) {
            TrainingPayload trained = Json.MAPPER.convertValue(v.parameters(), TrainingPayload.class);
            Dataset from = datasets.get(trained.validationDatasetId() != null ? trained.validationDatasetId() : trained.datasetId());
            Table rows = datasets.loadTable(from, m.targetVariable(), m.labelMapping());
            if (trained.validationDatasetId() == null) { // the same table, fraction and seed hold out the same rows
                rows = rows.select(TrainingSets.heldOut(rows, m.targetVariable(), trained, from.rows()).orElseThrow(() ->
                        VigilException.conflict("the rows version " + number + " of " + m.modelName() + " held out cannot be told"
                                + " apart (it trained on " + trained.engine() + " and some rows of its dataset have no label): validate"
                                + " it on another dataset (POST /ml/models/" + id + "/validate), then deploy it")));
            }
            ValidationReport report = validateOn(m, v, bundles.load(v), rows, from, null);
            if (!report.passed()) {
                throw VigilException.conflict("version " + number + " of " + m.modelName() + " was validated on the rows its training "
                        + "held out and did not pass (" + report.failures().stream().map(g -> g.metric() + " " + g.actual()
                        + (g.minimum() != null ? " below " + g.minimum() : " above " + g.maximum())).collect(Collectors.joining(", "))
                        + "); it stays undeployed");
            }
        }
        return deployments.deploy(id, number, by);
    }

    /**
     * Makes a validated version the active model of its type, ending the previous deployment. When
     * this returns, this instance serves the version to every request that starts afterwards.
     */
    public Deployment deploy(UUID id, Integer version, Caller by) {
        return deployments.deploy(id, version, by);
    }

    /** Puts the deployment that this model's current one replaced back in place; in effect on this instance when it returns. */
    public Deployment rollback(UUID id, Caller by) {
        return deployments.rollback(id, by);
    }

    /** Takes a model out of service for good; it stays readable. In effect on this instance when it returns. */
    public RegisteredModel retire(UUID id, Caller by) {
        deployments.retire(id, by);
        return repository.get(id);
    }

    /** Told of every deploy, rollback and retire this instance makes (see {@link DeploymentListener}). */
    public void addDeploymentListener(DeploymentListener listener) {
        deployments.addListener(listener);
    }

    /** The model's deployment history, newest first. */
    public List<Deployment> deployments(UUID id) {
        repository.get(id);
        return repository.withHandle(h -> repository.deployments(h, id));
    }
}

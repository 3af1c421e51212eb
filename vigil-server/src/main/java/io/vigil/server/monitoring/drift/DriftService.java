package io.vigil.server.monitoring.drift;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.engine.drift.DriftDetector;
import io.vigil.engine.drift.DriftReport;
import io.vigil.engine.drift.DriftSettings;
import io.vigil.engine.drift.InputDrift;
import io.vigil.engine.drift.InputProfile;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.engine.table.ColumnKind;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelBundles;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift of a model's live traffic: reads the window's predictions of the deployed (or named)
 * version from the prediction log, compares them with the reference profile in the version's
 * bundle by the model's settings, and keeps the drift round's latest answer per model for health,
 * the drift rules and metrics. Each model's
 * own settings are stored here too.
 */
public final class DriftService {
    private static final Logger log = LoggerFactory.getLogger(DriftService.class);
    private static final int PROFILES_CACHED = 32;

    private final ModelRepository models;
    private final ModelBundles bundles;
    private final PredictionWindows windows;
    private final DriftSettingsRepository settings;
    private final DriftConfig config;
    private final Clock clock;
    // profiles by bundle key: bundles never change, and a profile is read from the blob store
    private final Cache<String, Optional<ReferenceProfile>> profiles = Caffeine.newBuilder().maximumSize(PROFILES_CACHED).build();
    private final Map<UUID, DriftAnswer> latest = new ConcurrentHashMap<>();

    public DriftService(ModelRepository models, ModelBundles bundles, Jdbi jdbi, DriftConfig config, Clock clock) {
        this.models = models;
        this.bundles = bundles;
        this.windows = new PredictionWindows(jdbi);
        this.settings = new DriftSettingsRepository(jdbi);
        this.config = config;
        this.clock = clock;
    }

    /**
     * Drift over the last {@code window} of version {@code version} (null: the deployed one, or
     * the latest while none is deployed), as a person or a retraining policy asks: not kept. A 409
     * when the version was trained before drift profiles.
     */
    public DriftAnswer drift(UUID modelId, String window, Integer version) {
        DriftAnswer answer = compute(modelId, window, version);
        log.atDebug().addKeyValue("modelId", modelId).addKeyValue("version", answer.version()).addKeyValue("window", answer.window())
                .addKeyValue("driftShare", answer.drift().driftShare()).log("drift computed");
        return answer;
    }

    /**
     * The drift round's answer for a deployed model: computed as {@link #drift} does and kept as the
     * model's latest, which health, the drift rules and the gauges read. Only the round keeps one,
     * so a person asking over another window never moves what the rules judge.
     */
    public DriftAnswer watch(UUID modelId, String window, int version) {
        DriftAnswer answer = compute(modelId, window, version);
        latest.put(modelId, answer);
        log.atInfo().addKeyValue("modelId", modelId).addKeyValue("version", answer.version()).addKeyValue("window", answer.window())
                .addKeyValue("liveRows", answer.drift().liveRows()).addKeyValue("driftedInputs", answer.drift().driftedInputs())
                .addKeyValue("driftShare", answer.drift().driftShare()).addKeyValue("status", answer.drift().status())
                .addKeyValue("readMs", answer.readMs()).addKeyValue("computeMs", answer.computeMs()).log("drift round: drift computed");
        return answer;
    }

    private DriftAnswer compute(UUID modelId, String window, Integer version) {
        DriftWindow w = DriftWindow.parse(window);
        RegisteredModel model = models.get(modelId);
        ModelVersion v = models.getVersion(modelId, version != null ? version : versionOf(model));
        ReferenceProfile profile = profile(model, v);
        DriftSettings judgedBy = effective(modelId);

        Instant to = clock.instant();
        Instant from = to.minus(w.length());
        long start = System.nanoTime();
        int numeric = (int) profile.inputs().stream().filter(i -> i.kind() == ColumnKind.NUMERIC).count();
        PredictionWindows.Read read = windows.read(modelId, v.version(), from, to, config.maxRows(), numeric,
                profile.inputs().size() - numeric, profile.prediction().kind() == ColumnKind.NUMERIC);
        long readNanos = System.nanoTime() - start;
        DriftReport report = DriftDetector.detect(profile, judgedBy, read.window());
        long computeNanos = System.nanoTime() - start - readNanos;
        DriftAnswer answer = new DriftAnswer(modelId, model.modelName(), v.version(), w.text(), from, to, read.rowsInWindow(),
                read.rowsInWindow() > config.maxRows(), config.maxRows(), read.skipped(), report, judgedBy,
                readNanos / 1_000_000, computeNanos / 1_000_000);
        return answer;
    }

    /** The model's own drift settings and those it is judged by. */
    public ModelDriftSettings settings(UUID modelId) {
        models.get(modelId);
        Optional<DriftSettings> own = settings.find(modelId);
        return new ModelDriftSettings(modelId, own.orElse(DriftSettings.none()), own.orElse(DriftSettings.none()).over(config.defaults()));
    }

    /**
     * Replaces the model's own settings, checked field by field, and per-input rules against the
     * inputs of its deployed (or latest) version when it has one: a 400 naming each bad field.
     */
    public ModelDriftSettings changeSettings(UUID modelId, DriftSettings requested, Caller caller) {
        RegisteredModel model = models.get(modelId);
        List<FieldError> errors = new ArrayList<>();
        requested.problems().forEach((field, message) -> errors.add(new FieldError(field, message)));
        if (requested.inputs() != null && errors.isEmpty() && (model.deployedVersion() != null || model.latestVersion() != null)) {
            checkInputs(model, requested, errors);
        }
        if (!errors.isEmpty()) throw VigilException.invalid(errors);
        if (!settings.put(modelId, requested, caller.name(), clock.instant())) {
            throw VigilException.notFound("no model with id " + modelId);
        }
        latest.remove(modelId);
        log.atInfo().addKeyValue("modelId", modelId).addKeyValue("by", caller.name()).log("drift settings changed");
        return settings(modelId);
    }

    // ---- for metrics (plain methods: the Prometheus endpoint reads them)

    /** The share of drifted inputs the model's latest drift answer found; empty before one, or without a verdict. */
    public OptionalDouble latestDriftShare(UUID modelId) {
        DriftAnswer a = latest.get(modelId);
        return a == null || a.drift().driftShare() == null ? OptionalDouble.empty() : OptionalDouble.of(a.drift().driftShare());
    }

    /** Each input's statistic in the model's latest drift answer (KS D, chi-square, Jensen-Shannon, PSI or Wasserstein, by its method). */
    public Map<String, Double> latestDriftScores(UUID modelId) {
        DriftAnswer a = latest.get(modelId);
        Map<String, Double> scores = new LinkedHashMap<>();
        if (a != null) {
            for (InputDrift i : a.drift().inputs()) {
                if (i.statistic() != null) scores.put(i.name(), i.statistic());
            }
        }
        return scores;
    }

    /** The drift round's latest answer of every model it has watched since the start. */
    public Map<UUID, DriftAnswer> latest() {
        return Map.copyOf(latest);
    }

    private DriftSettings effective(UUID modelId) {
        return settings.find(modelId).orElse(DriftSettings.none()).over(config.defaults());
    }

    private static int versionOf(RegisteredModel m) {
        Integer v = m.deployedVersion() != null ? m.deployedVersion() : m.latestVersion();
        if (v == null) throw VigilException.conflict("model " + m.modelName() + " has no trained version yet; train it first");
        return v;
    }

    private ReferenceProfile profile(RegisteredModel model, ModelVersion v) {
        return profiles.get(v.bundleKey(), key -> bundles.referenceProfile(v)).orElseThrow(() -> VigilException.conflict(
                "version " + v.version() + " of model " + model.modelName() + " was trained before drift profiles were kept;"
                        + " retrain it to watch its drift"));
    }

    private void checkInputs(RegisteredModel model, DriftSettings requested, List<FieldError> errors) {
        ModelVersion v = models.getVersion(model.id(), versionOf(model));
        Optional<ReferenceProfile> profile = profiles.get(v.bundleKey(), key -> bundles.referenceProfile(v));
        if (profile.isEmpty()) return;
        for (Map.Entry<String, DriftSettings.InputRule> rule : requested.inputs().entrySet()) {
            InputProfile input = profile.get().input(rule.getKey());
            if (input == null) {
                errors.add(new FieldError("inputs." + rule.getKey(), "version " + v.version() + " of model " + model.modelName()
                        + " has no input '" + rule.getKey() + "'"));
                continue;
            }
            Map<String, String> problems = new LinkedHashMap<>();
            DriftSettings.checkRule(problems, "inputs." + rule.getKey() + ".method", "inputs." + rule.getKey() + ".threshold",
                    rule.getValue().method(), rule.getValue().threshold(), input.kind());
            problems.forEach((field, message) -> errors.add(new FieldError(field, message)));
        }
    }
}

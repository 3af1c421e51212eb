package io.vigil.server.monitoring.experiments;

import io.vigil.engine.bundle.BundleManifest;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.Deployment;
import io.vigil.server.models.ModelBundles;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelStatus;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.models.VersionStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an experiment needs of the registry before it starts: both versions exist, are trained, not
 * retired, and belong to the slot; the champion is the one deployed there; the challenger can be
 * deployed if it may be promoted automatically; and the two take the same inputs and predict the
 * same classes (so a record one accepts the other accepts, and their answers compare).
 */
record ExperimentChecks(ModelRepository models, ModelBundles bundles) {
    /** Names a normal (non-attack) class goes by, as live evaluation reads them. */
    private static final Set<String> NORMAL_NAMES = Set.of("normal", "benign", "legitimate", "legit", "clean");

    /** The classes an experiment's metrics are of: the attack class, or every class but the normal one. */
    record Classes(String positiveClass, String normalClass) {}

    /** Checks {@code r} (its fields already checked) against the registry; the classes its metrics are of. */
    Classes check(ExperimentRequest r) {
        Found champion = find("champion", r.champion(), r.modelType());
        Found challenger = find("challenger", r.challenger(), r.modelType());
        Optional<Deployment> active = models.withHandle(h -> models.activeDeployment(h, r.modelType()));
        if (active.isEmpty() || !active.get().modelId().equals(r.champion().modelId())
                || active.get().version() != r.champion().version()) {
            throw VigilException.conflict("the champion must be the version deployed for modelType '" + r.modelType() + "': "
                    + active.map(d -> "model " + d.modelId() + " version " + d.version() + " is").orElse("none is")
                    + "; give that one, or deploy " + champion.model().modelName() + " version " + r.champion().version() + " first");
        }
        if (Boolean.TRUE.equals(r.autoPromote()) && !challenger.version().status().isDeployable()) {
            throw VigilException.conflict("the challenger (" + challenger.model().modelName() + " version " + r.challenger().version()
                    + ") is " + challenger.version().status() + ": validate it first (POST /ml/models/" + r.challenger().modelId()
                    + "/validate), or start the experiment without autoPromote");
        }
        BundleManifest a = bundles.manifest(champion.version());
        BundleManifest b = bundles.manifest(challenger.version());
        if (!inputs(a).equals(inputs(b))) {
            throw VigilException.unprocessable("the two versions take different inputs (champion " + inputs(a) + ", challenger "
                    + inputs(b) + "): a record one accepts the other might refuse",
                    List.of(new FieldError("challenger", "must take the same inputs as the champion")));
        }
        if (!a.classes().equals(b.classes())) {
            throw VigilException.unprocessable("the two versions predict different classes (champion " + a.classes() + ", challenger "
                    + b.classes() + "): their answers cannot be compared", List.of(new FieldError("challenger",
                    "must predict the same classes as the champion")));
        }
        return classes(r, a.classes());
    }

    private record Found(RegisteredModel model, ModelVersion version) {}

    private Found find(String field, VersionRef ref, String modelType) {
        return models.withHandle(h -> {
            RegisteredModel m = models.find(h, ref.modelId()).orElseThrow(() -> refused(field + ".modelId", "no model with id " + ref.modelId()));
            if (!m.modelType().equals(modelType)) {
                throw refused(field + ".modelId", "model " + m.modelName() + " is a '" + m.modelType() + "' model, not '" + modelType + "'");
            }
            if (m.status() == ModelStatus.RETIRED) {
                throw refused(field + ".modelId", "model " + m.modelName() + " is retired");
            }
            ModelVersion v = models.version(h, m.id(), ref.version())
                    .orElseThrow(() -> refused(field + ".version", "model " + m.modelName() + " has no version " + ref.version()));
            if (v.status() == VersionStatus.RETIRED) {
                throw refused(field + ".version", "version " + ref.version() + " of " + m.modelName() + " is retired");
            }
            return new Found(m, v);
        });
    }

    private static VigilException refused(String field, String message) {
        return VigilException.unprocessable(message, List.of(new FieldError(field, message)));
    }

    private static Set<String> inputs(BundleManifest m) {
        return m.inputSchema().stream().map(i -> i.name() + ":" + i.kind()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The attack class: the one asked for, else every class but a normal one, else (two classes) the last, the positive one. */
    private static Classes classes(ExperimentRequest r, List<String> classes) {
        String normal = classes.stream().filter(c -> NORMAL_NAMES.contains(c.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
        if (r.positiveClass() != null) {
            if (!classes.contains(r.positiveClass())) {
                throw VigilException.unprocessable("positiveClass '" + r.positiveClass() + "' is not a class of the versions " + classes,
                        List.of(new FieldError("positiveClass", "must be one of " + classes)));
            }
            return new Classes(r.positiveClass(), normal);
        }
        if (normal != null) {
            return new Classes(null, normal);
        }
        if (classes.size() == 2) {
            return new Classes(classes.get(1), null);
        }
        if (r.metric() != PrimaryMetric.ACCURACY) {
            throw VigilException.unprocessable("the versions have no normal class among " + classes + ": say which class is the attack"
                    + " class " + r.metric().wire() + " is of", List.of(new FieldError("positiveClass", "is required here; one of " + classes)));
        }
        return new Classes(null, null);
    }
}

package io.vigil.server.anomaly;

import io.vigil.engine.windows.OnlineWindows;
import io.vigil.engine.windows.WindowEvent;
import io.vigil.server.assets.AssetEvents;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.Serving;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.PredictionExplanation;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.RowOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link Detectors} through serving: the detector's deployed version scores the points as its
 * predictions do (one scoring path: checked, its window state updated, metered, logged), explained.
 * An asset its window state holds no history of yet (a new detector, or this instance just started
 * and the prediction log had none of it) is first given the asset's stored metrics, so its rolling
 * features start from the asset's real past and not from nothing.
 */
final class ServingDetectors implements Detectors {
    static final int DRIVERS = 5;

    private final Serving serving;

    ServingDetectors(Serving serving) {
        this.serving = serving;
    }

    @Override
    public Optional<Verdicts> score(UUID modelId, List<AssetEvents.Event> events, Supplier<List<AssetEvents.Event>> history) {
        Optional<LoadedModel> deployed = serving.deployedVersion(modelId);
        if (deployed.isEmpty()) return Optional.empty();
        LoadedModel model = deployed.get();
        List<Map<String, Object>> records = new ArrayList<>(events.size());
        for (AssetEvents.Event e : events) records.add(e.record());
        OnlineWindows windows = model.windows();
        if (windows != null && !records.isEmpty()) {
            WindowEvent first = windows.event(records.get(0));
            if (!windows.holds(first.key())) {
                for (AssetEvents.Event past : history.get()) windows.absorb(windows.event(past.record()));
            }
        }
        BatchResult result = serving.score(model, records, true, DRIVERS);
        List<Verdict> verdicts = new ArrayList<>(records.size());
        for (Object p : result.predictions()) {
            if (p instanceof RowOutcome failed) {
                // a point the detector cannot read (a metric it was trained on is missing): the detector's own words
                throw VigilException.unprocessable("detector " + model.ref().name() + " version " + model.ref().version()
                        + " cannot score point " + failed.index() + ": " + failed.error().detail(), failed.error().errors());
            }
            PredictionResult r = (PredictionResult) p;
            verdicts.add(new Verdict(r.anomalyScore() == null ? 0 : r.anomalyScore(), drivers(r.explanation())));
        }
        return Optional.of(new Verdicts(modelId, model.ref().version(), verdicts));
    }

    private static List<Map<String, Object>> drivers(PredictionExplanation explanation) {
        if (explanation == null) return List.of();
        List<PredictionExplanation.Contribution> sorted = new ArrayList<>(explanation.contributions());
        sorted.sort(Comparator.comparingDouble((PredictionExplanation.Contribution c) -> c.contribution()).reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (PredictionExplanation.Contribution c : sorted.subList(0, Math.min(DRIVERS, sorted.size()))) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", c.feature());
            d.put("value", c.value());
            d.put("contribution", c.contribution());
            out.add(d);
        }
        return out;
    }
}

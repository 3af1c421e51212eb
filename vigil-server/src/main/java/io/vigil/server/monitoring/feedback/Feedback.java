package io.vigil.server.monitoring.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.Binarize;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.monitoring.feedback.FeedbackAnswer.Outcome;
import io.vigil.server.monitoring.feedback.FeedbackAnswer.Refusal;
import io.vigil.server.monitoring.feedback.FeedbackRequest.Item;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ground truth for recorded predictions ({@code POST /ml/feedback}): each item is joined to its
 * prediction in the log, its label read as a class of the version that predicted, and stored with
 * what the prediction said, for live accuracy. Each item is accepted or refused in its place,
 * never dropped; feedback for a prediction that already has some replaces it.
 */
public final class Feedback {
    private static final Logger log = LoggerFactory.getLogger(Feedback.class);
    /** Items of one request. */
    public static final int MAX_ITEMS = RequestLimits.FEEDBACK_ITEMS;
    /**
     * A prediction younger than this may still be on its way to the log (it writes within a
     * second, later under load): an unknown id this young is "not recorded yet", not unknown.
     */
    static final Duration RECORDING_DELAY = Duration.ofSeconds(10);
    /** How far ahead of this instance's clock another's may be: an id further ahead is no prediction's. */
    private static final Duration FUTURE_SLACK = Duration.ofDays(1);

    private final RecordedPredictions predictions;
    private final FeedbackRepository repository;
    private final VersionClasses classes;
    private final ModelRepository models;
    private final Clock clock;

    public Feedback(RecordedPredictions predictions, FeedbackRepository repository, VersionClasses classes, ModelRepository models,
                    Clock clock) {
        this.predictions = predictions;
        this.repository = repository;
        this.classes = classes;
        this.models = models;
        this.clock = clock;
    }

    /** An item whose id and label read well, waiting for its prediction. */
    private record Pending(int index, UUID id, String label, Boolean anomaly) {}

    /**
     * Stores the feedback of {@code request} as sent by {@code by}. The one-prediction form
     * answers a problem when its item is refused (400, 404 or 422); a batch answers every item in its place.
     */
    public FeedbackAnswer submit(FeedbackRequest request, Caller by) {
        checkShape(request);
        List<Item> items = request.all();
        Outcome[] outcomes = new Outcome[items.size()];
        Instant now = clock.instant();
        List<Pending> pending = read(items, outcomes);
        // an id from the future names no prediction of ours (and a time past year 9999 none PostgreSQL can compare)
        Map<UUID, RecordedPredictions.Recorded> found = predictions.find(pending.stream().map(Pending::id)
                .filter(id -> !RecordedPredictions.timeOf(id).isAfter(now.plus(FUTURE_SLACK))).toList());
        Map<UUID, Optional<RegisteredModel>> modelsSeen = new HashMap<>();
        List<FeedbackRepository.Row> rows = new ArrayList<>();
        List<Pending> joined = new ArrayList<>();
        for (Pending p : pending) {
            RecordedPredictions.Recorded prediction = found.get(p.id());
            if (prediction == null) {
                outcomes[p.index()] = notFound(p, now);
                continue;
            }
            Optional<RegisteredModel> model = modelsSeen.computeIfAbsent(prediction.modelId(),
                    id -> models.withHandle(h -> models.find(h, id)));
            String version = "model " + model.map(RegisteredModel::modelName).orElse(prediction.modelId().toString())
                    + " version " + prediction.version();
            VersionClasses.Of versionClasses = model.isEmpty() ? null : versionClasses(prediction);
            if (versionClasses == null) {
                outcomes[p.index()] = Outcome.refused(p.index(), p.id().toString(), Refusal.UNKNOWN_PREDICTION,
                        "prediction " + p.id() + " was made by " + version + ", which no longer exists");
                continue;
            }
            Binarize binarize = model.get().binarize();
            ActualLabels.Reading reading = ActualLabels.read(versionClasses, binarize, p.label(), p.anomaly(), version);
            if (reading.refusal() != null) {
                outcomes[p.index()] = Outcome.refused(p.index(), p.id().toString(), Refusal.UNKNOWN_LABEL, reading.refusal());
                continue;
            }
            rows.add(new FeedbackRepository.Row(p.id(), prediction.modelId(), prediction.version(), prediction.at(), prediction.label(),
                    reading.label(), prediction.confidence(), prediction.probabilities(), prediction.anomalyScore(), prediction.experimentId(),
                    prediction.arm()));
            joined.add(p);
        }
        Set<UUID> replaced = rows.isEmpty() ? Set.of() : repository.store(rows, now, by.name());
        for (int i = 0; i < rows.size(); i++) {
            Pending p = joined.get(i);
            outcomes[p.index()] = Outcome.accepted(p.index(), found.get(p.id()), rows.get(i).actualLabel(), replaced.contains(p.id()));
        }
        FeedbackAnswer answer = answer(outcomes);
        log.atInfo().addKeyValue("accepted", answer.accepted()).addKeyValue("refused", answer.refused())
                .addKeyValue("replaced", answer.replaced()).addKeyValue("by", by.name()).log("feedback received");
        if (request.single() && answer.refused() > 0) {
            throw problem(answer.items().get(0));
        }
        return answer;
    }

    private static void checkShape(FeedbackRequest r) {
        if (r.items() != null) {
            if (r.predictionId() != null || r.actualLabel() != null || r.anomaly() != null) {
                throw VigilException.invalid("items", "send one prediction's predictionId and actualLabel, or items; not both");
            }
            if (r.items().isEmpty() || r.items().size() > MAX_ITEMS) {
                throw VigilException.invalid("items", "must hold 1 to " + MAX_ITEMS + " items; got " + r.items().size());
            }
        } else if (r.predictionId() == null) {
            throw VigilException.invalid("predictionId", "is required: the predictionId an answer of /ml/predict gave (or send items)");
        }
    }

    /** Reads each item's id and label; the bad ones get their outcome now, the rest wait for their prediction. */
    private static List<Pending> read(List<Item> items, Outcome[] outcomes) {
        Map<UUID, Integer> first = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String rawId = item == null ? null : item.predictionId();
            UUID id = predictionId(rawId);
            if (id == null) {
                outcomes[i] = Outcome.refused(i, rawId, Refusal.INVALID_PREDICTION_ID, item == null ? "the item is null; send an object"
                        : rawId == null ? "predictionId is required" : "'" + rawId + "' is not a prediction id (the predictionId of an answer of /ml/predict)");
                continue;
            }
            String label = text(item.actualLabel());
            if (label == null && item.anomaly() == null) {
                outcomes[i] = Outcome.refused(i, rawId, Refusal.MISSING_LABEL, item.actualLabel() != null && !item.actualLabel().isNull()
                        ? "actualLabel must be a label (text, or a number or boolean written as one)"
                        : "actualLabel is required (or, for an anomaly detector, \"anomaly\": true or false)");
                continue;
            }
            Integer earlier = first.putIfAbsent(id, i);
            if (earlier != null) {
                outcomes[i] = Outcome.refused(i, rawId, Refusal.REPEATED_IN_BATCH, "the same prediction as item " + earlier
                        + "; send one label per prediction");
                continue;
            }
            pending.add(new Pending(i, id, label, item.anomaly()));
        }
        return pending;
    }

    /** A canonical UUID of version 7 (what /ml/predict answers), or null. */
    private static UUID predictionId(String raw) {
        if (raw == null || raw.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(raw);
            return RecordedPredictions.isPredictionId(id) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A scalar label as text; null for none, an empty text, or an object or array. */
    private static String text(JsonNode label) {
        if (label == null || !label.isValueNode() || label.isNull()) {
            return null;
        }
        String text = label.asText();
        return text.isEmpty() || text.length() > RequestLimits.DATA_NAME_LENGTH ? null : text;
    }

    private Outcome notFound(Pending p, Instant now) {
        Instant made = RecordedPredictions.timeOf(p.id());
        if (made.isAfter(now.minus(RECORDING_DELAY)) && !made.isAfter(now.plus(Duration.ofMinutes(1)))) {
            return Outcome.refused(p.index(), p.id().toString(), Refusal.NOT_RECORDED_YET, "prediction " + p.id()
                    + " is not in the prediction log yet (it writes predictions within a second or so): send its feedback again shortly");
        }
        return Outcome.refused(p.index(), p.id().toString(), Refusal.UNKNOWN_PREDICTION, "no recorded prediction has the id " + p.id()
                + " (never made, past its retention, or left out of the prediction log under overload)");
    }

    private VersionClasses.Of versionClasses(RecordedPredictions.Recorded prediction) {
        try {
            return classes.of(prediction.modelId(), prediction.version());
        } catch (VigilException e) {
            if (e.kind() == VigilException.Kind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static FeedbackAnswer answer(Outcome[] outcomes) {
        int accepted = 0;
        int replaced = 0;
        for (Outcome o : outcomes) {
            accepted += o.isAccepted() ? 1 : 0;
            replaced += Boolean.TRUE.equals(o.replaced()) ? 1 : 0;
        }
        return new FeedbackAnswer(accepted, outcomes.length - accepted, replaced, Arrays.asList(outcomes));
    }

    /** The problem a refused one-prediction request answers. */
    private static VigilException problem(Outcome o) {
        return switch (o.error()) {
            case INVALID_PREDICTION_ID -> VigilException.invalid("predictionId", o.detail());
            case MISSING_LABEL -> VigilException.invalid("actualLabel", o.detail());
            case UNKNOWN_PREDICTION, NOT_RECORDED_YET, REPEATED_IN_BATCH -> VigilException.notFound(o.detail());
            case UNKNOWN_LABEL -> VigilException.unprocessable(o.detail(),
                    List.of(new io.vigil.server.core.FieldError("actualLabel", o.detail())));
        };
    }
}

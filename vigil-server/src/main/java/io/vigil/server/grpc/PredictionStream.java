package io.vigil.server.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vigil.grpc.v1.ClassProbability;
import io.vigil.grpc.v1.Contribution;
import io.vigil.grpc.v1.Error;
import io.vigil.grpc.v1.Explanation;
import io.vigil.grpc.v1.FieldError;
import io.vigil.grpc.v1.ModelRef;
import io.vigil.grpc.v1.PredictRequest;
import io.vigil.grpc.v1.PredictResponse;
import io.vigil.grpc.v1.Prediction;
import io.vigil.grpc.v1.PredictionsGrpc;
import io.vigil.grpc.v1.ThreatVerdict;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.models.ModelSelector;
import io.vigil.server.serving.scoring.PredictionExplanation;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code vigil.v1.Predictions/Predict}: a stream of events, each scored as {@code POST /ml/predict}
 * scores one record's {@code features} (the same {@link Predictor#predict}: checks, cache, threat
 * verdicts, prediction log, meters) and answered in the order it came. gRPC hands a stream's
 * messages over one at a time, so scoring each before taking the next keeps the order. An event
 * that cannot be scored is answered with its error in its place and the stream goes on; the rate
 * limits take a token per event. A slot an experiment splits is answered by the slot's deployed
 * model (experiments route REST predictions only).
 */
final class PredictionStream extends PredictionsGrpc.PredictionsImplBase {
    private static final int MAX_TOP_K = 1_000;
    /** Events read ahead of their answers. */
    private static final int WINDOW = 32;

    private final ModelResolver resolver;
    private final Predictor predictor;
    private final PredictionAdmission admission;
    private final CallThreads threads;

    PredictionStream(ModelResolver resolver, Predictor predictor, PredictionAdmission admission, CallThreads threads) {
        this.resolver = resolver;
        this.predictor = predictor;
        this.admission = admission;
        this.threads = threads;
    }

    @Override
    public StreamObserver<PredictRequest> predict(StreamObserver<PredictResponse> answers) {
        Caller caller = CallerInterceptor.caller();
        String address = CallerInterceptor.ADDRESS.get();
        // flow control: at most WINDOW events read ahead of their answers, and none while the client reads no answers
        ServerCallStreamObserver<PredictResponse> call = (ServerCallStreamObserver<PredictResponse>) answers;
        call.disableAutoRequest();
        call.setOnCancelHandler(() -> {}); // a client gone mid-stream: its last answers are dropped, nothing thrown
        AtomicInteger owed = new AtomicInteger(); // events not asked for because the client was not reading
        call.setOnReadyHandler(() -> {
            int n = owed.getAndSet(0);
            if (n > 0) {
                call.request(n);
            }
        });
        call.request(WINDOW);
        // an event whose model is not in memory is answered on a pool thread; the events after it follow it there, in order,
        // until none is left waiting (the listener's calls come one at a time, so the count is read in order too)
        Executor inOrder = threads.inOrder();
        AtomicInteger waiting = new AtomicInteger();
        Context context = Context.current();
        return new StreamObserver<>() {
            @Override
            public void onNext(PredictRequest event) {
                if (call.isCancelled()) {
                    return;
                }
                if (waiting.get() == 0 && warm(event)) {
                    respond(event);
                    return;
                }
                waiting.incrementAndGet();
                inOrder.execute(context.wrap(() -> {
                    try {
                        respond(event);
                    } finally {
                        waiting.decrementAndGet();
                    }
                }));
            }

            private void respond(PredictRequest event) {
                if (call.isCancelled()) {
                    return;
                }
                answers.onNext(answer(event, caller, address));
                if (call.isReady()) {
                    call.request(1);
                } else {
                    owed.incrementAndGet();
                    if (call.isReady()) { // became ready between the check and the count: the handler may have run already
                        int n = owed.getAndSet(0);
                        if (n > 0) call.request(n);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client went away or cancelled: nothing is left to answer
            }

            @Override
            public void onCompleted() {
                if (waiting.get() == 0) {
                    answers.onCompleted();
                } else {
                    inOrder.execute(answers::onCompleted);
                }
            }
        };
    }

    private PredictResponse answer(PredictRequest event, Caller caller, String address) {
        PredictResponse.Builder answer = PredictResponse.newBuilder().setRequestId(event.getRequestId());
        Status refused = admission.refusal(address, caller);
        if (refused != null) {
            return answer.setError(Error.newBuilder().setCode(refused.getCode().name()).setMessage(refused.getDescription())).build();
        }
        try {
            LoadedModel model = resolver.resolve(selector(event));
            if (!event.hasFeatures()) {
                throw VigilException.invalid("features", "is required: the event's fields");
            }
            int topK = event.getTopK() == 0 ? Predictor.DEFAULT_TOP_K : event.getTopK();
            if (topK < 1 || topK > MAX_TOP_K) {
                throw VigilException.invalid("top_k", "must be from 1 to " + MAX_TOP_K);
            }
            return answer.setPrediction(prediction(predictor.predict(model, fields(event.getFeatures()), event.getExplain(), topK)))
                    .build();
        } catch (VigilException e) {
            Error.Builder error = Error.newBuilder().setCode(Statuses.codeOf(e).name()).setMessage(Statuses.describe(e));
            e.errors().forEach(f -> error.addFieldErrors(FieldError.newBuilder().setField(f.field()).setMessage(f.message())));
            return answer.setError(error).build();
        } catch (RuntimeException e) {
            Status internal = Statuses.internal(e);
            return answer.setError(Error.newBuilder().setCode(internal.getCode().name()).setMessage(internal.getDescription())).build();
        }
    }

    /** Whether the event's model is answered from memory; an event naming none is answered at once (its error waits on nothing). */
    private boolean warm(PredictRequest event) {
        try {
            return resolver.isWarm(selector(event));
        } catch (VigilException bad) {
            return true;
        }
    }

    /** Exactly one of model_type, model_name, model_id, as {@code POST /ml/predict} takes them. */
    private static ModelSelector selector(PredictRequest e) {
        int given = (e.getModelType().isEmpty() ? 0 : 1) + (e.getModelName().isEmpty() ? 0 : 1) + (e.getModelId().isEmpty() ? 0 : 1);
        if (given != 1) {
            throw VigilException.invalid("model_type", "give exactly one of model_type (its deployed model), model_name or model_id");
        }
        if (e.getVersion() < 0) {
            throw VigilException.invalid("version", "is a version number, or 0 for the deployed (else the latest) one");
        }
        Integer version = e.getVersion() == 0 ? null : e.getVersion();
        if (!e.getModelType().isEmpty()) {
            if (version != null) {
                throw VigilException.invalid("version", "a version goes with model_name or model_id; model_type uses the deployed one");
            }
            return ModelSelector.ofType(checkedName("model_type", e.getModelType()));
        }
        if (!e.getModelName().isEmpty()) {
            return ModelSelector.ofName(checkedName("model_name", e.getModelName()), version);
        }
        try {
            return ModelSelector.ofId(UUID.fromString(e.getModelId()), version);
        } catch (IllegalArgumentException bad) {
            throw VigilException.notFound("no model with id " + e.getModelId());
        }
    }

    private static String checkedName(String field, String name) {
        if (name.length() > RequestLimits.MODEL_NAME_LENGTH || name.indexOf(0) >= 0) {
            throw VigilException.invalid(field, "at most " + RequestLimits.MODEL_NAME_LENGTH + " characters, without NUL");
        }
        return name;
    }

    /** A Struct as the JSON object it stands for: numbers as doubles, nested objects and lists kept (serving flattens them). */
    static Map<String, Object> fields(Struct struct) {
        Map<String, Object> record = new LinkedHashMap<>(struct.getFieldsCount() * 2);
        struct.getFieldsMap().forEach((name, value) -> record.put(name, plain(value)));
        return record;
    }

    private static Object plain(Value v) {
        return switch (v.getKindCase()) {
            case NUMBER_VALUE -> v.getNumberValue();
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case STRUCT_VALUE -> fields(v.getStructValue());
            case LIST_VALUE -> list(v.getListValue());
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }

    private static List<Object> list(ListValue l) {
        List<Object> out = new ArrayList<>(l.getValuesCount());
        l.getValuesList().forEach(v -> out.add(plain(v)));
        return out;
    }

    private static Prediction prediction(PredictionResult r) {
        Prediction.Builder p = Prediction.newBuilder().setPredictionId(r.predictionId().toString()).setLabel(r.label())
                .setConfidence(r.confidence())
                .setModel(ModelRef.newBuilder().setId(r.model().id().toString()).setName(r.model().name()).setVersion(r.model().version()));
        r.probabilities().forEach((c, v) -> p.addProbabilities(ClassProbability.newBuilder().setClassName(c).setProbability(v)));
        if (r.anomalyScore() != null) {
            p.setAnomalyScore(r.anomalyScore());
        }
        if (r.anomaly() != null) {
            p.setAnomaly(r.anomaly());
        }
        PredictionExplanation e = r.explanation();
        if (e != null) {
            Explanation.Builder x = Explanation.newBuilder().setExplainedClass(e.explainedClass()).setMarginOf(e.marginOf())
                    .setBias(e.bias()).setMargin(e.margin());
            e.contributions().forEach(c -> x.addContributions(Contribution.newBuilder().setFeature(c.feature())
                    .setValue(c.value() == null ? "" : String.valueOf(c.value())).setContribution(c.contribution())));
            p.setExplanation(x);
        }
        io.vigil.server.serving.scoring.ThreatVerdict t = r.threat();
        if (t != null) {
            ThreatVerdict.Builder v = ThreatVerdict.newBuilder().setScore(t.score()).setThreshold(t.threshold());
            if (t.ml() != null) v.setMl(t.ml());
            if (t.rules() != null) v.setRules(t.rules());
            if (t.rulesFired() != null) v.addAllRulesFired(t.rulesFired());
            if (t.divergence() != null) v.setDivergence(t.divergence());
            if (t.eventId() != null) v.setEventId(t.eventId().toString());
            p.setThreat(v);
        }
        return p.build();
    }
}

package io.vigil.server.grpc;

import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.InferParameter;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelMetadataResponse.TensorMetadata;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ModelReadyResponse;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerLiveResponse;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerMetadataResponse;
import inference.GrpcPredictV2.ServerReadyRequest;
import inference.GrpcPredictV2.ServerReadyResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vigil.engine.features.InputField;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.models.ModelSelector;
import io.vigil.server.serving.scoring.BatchResult;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.serving.scoring.RowOutcome;
import io.vigil.server.serving.scoring.TensorTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol v2 over gRPC ({@code inference.GRPCInferenceService}), over the
 * models {@code /v2/models/{name}} serves over REST: a model by its name, a version by its number
 * (none: the deployed, else the latest). {@code ModelInfer} scores through serving's one path: one
 * row as {@code POST /ml/predict} scores a record (cache, threat verdicts, prediction log, meters),
 * more rows by columns as {@code /v2/.../infer} does, or record by record when they are explained or
 * judged. Parameters: {@code explain} (bool), {@code top_k} (int64), {@code raw_output} (bool).
 */
final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final int MAX_TOP_K = 1_000;

    private final ModelResolver resolver;
    private final Predictor predictor;
    private final ModelRepository repository;
    private final BooleanSupplier ready;
    private final PredictionAdmission admission;
    private final String version;
    private final CallThreads threads;

    InferenceService(ModelResolver resolver, Predictor predictor, ModelRepository repository, BooleanSupplier ready,
                     PredictionAdmission admission, String version, CallThreads threads) {
        this.resolver = resolver;
        this.predictor = predictor;
        this.repository = repository;
        this.ready = ready;
        this.admission = admission;
        this.version = version;
        this.threads = threads;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        reply(answer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        threads.run(true, () -> reply(answer, () -> ServerReadyResponse.newBuilder().setReady(ready.getAsBoolean()).build()));
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        // gRPC carries raw tensors natively: REST's binary_tensor_data extension has no gRPC counterpart
        reply(answer, () -> ServerMetadataResponse.newBuilder().setName("vigil").setVersion(version).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        threads.run(true, () -> reply(answer, () -> {
            model(request.getName(), request.getVersion()); // NOT_FOUND, as REST answers 404
            return ModelReadyResponse.newBuilder().setReady(true).build();
        }));
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        threads.run(true, () -> reply(answer, () -> {
            LoadedModel m = model(request.getName(), request.getVersion());
            ModelMetadataResponse.Builder meta = ModelMetadataResponse.newBuilder().setName(m.ref().name())
                    .setPlatform("vigil-" + m.trained().model().algorithm());
            repository.withHandle(h -> repository.versions(h, m.ref().id())).forEach(v -> meta.addVersions(Integer.toString(v.version())));
            for (InputField input : m.trained().pipeline().inputs()) {
                meta.addInputs(tensor(input.name(), datatype(input), -1));
            }
            meta.addOutputs(tensor("label", "BYTES", -1));
            meta.addOutputs(tensor("probabilities", "FP64", -1, m.trained().classes().size()));
            meta.addOutputs(tensor("confidence", "FP64", -1));
            if (m.isDetector()) {
                meta.addOutputs(tensor("anomaly_score", "FP64", -1));
            }
            meta.addOutputs(tensor("prediction_id", "BYTES", -1));
            if (m.explainer() != null) {
                meta.addOutputs(tensor("explanation", "BYTES", -1)); // with the parameter explain
            }
            if (predictor.judges(m)) {
                meta.addOutputs(tensor("threat", "BYTES", -1));
            }
            return meta.build();
        }));
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
        Status refused = admission.refusal(CallerInterceptor.ADDRESS.get(), CallerInterceptor.caller());
        if (refused != null) {
            answer.onError(refused.asRuntimeException());
            return;
        }
        threads.run(!warm(request.getModelName(), request.getModelVersion()), () -> reply(answer, () -> infer(request)));
    }

    /** Whether the model is answered from memory; a name that cannot be one is answered at once too (its error waits on nothing). */
    private boolean warm(String name, String version) {
        try {
            return resolver.isWarm(selector(name, version));
        } catch (VigilException bad) {
            return true;
        }
    }

    private ModelInferResponse infer(ModelInferRequest request) {
        LoadedModel model = model(request.getModelName(), request.getModelVersion());
        boolean explain = InferOutputs.parameter(request.getParametersMap(), "explain");
        int topK = topK(request.getParametersMap());
        InferInputs inputs = InferInputs.read(request);
        InferOutputs outputs;
        if (inputs.rows() == 1) { // the hottest answer of all: one record, as POST /ml/predict scores it
            outputs = InferOutputs.of(model, List.of(predictor.predict(model, inputs.records(model).get(0), explain, topK)));
        } else if (explain || model.windows() != null || predictor.judges(model)) {
            // record by record, as REST scores such batches; every value is checked first, so nothing is scored unless all can be
            if (model.windows() == null) {
                TensorTable.of(model, inputs.tensors());
            }
            outputs = InferOutputs.of(model, scored(predictor.predictBatch(model, inputs.records(model), explain, topK)));
        } else {
            outputs = InferOutputs.of(predictor.predictTable(model, TensorTable.of(model, inputs.tensors())));
        }
        return outputs.response(model, request);
    }

    /** The answers of a batch scored record by record; a record refused is the request's failure, naming each. */
    private static List<PredictionResult> scored(BatchResult batch) {
        List<PredictionResult> results = new ArrayList<>(batch.predictions().size());
        List<io.vigil.server.core.FieldError> errors = new ArrayList<>();
        for (Object p : batch.predictions()) {
            if (p instanceof PredictionResult r) {
                results.add(r);
            } else if (p instanceof RowOutcome o) {
                o.error().errors().forEach(errors::add);
                if (o.error().errors().isEmpty()) {
                    errors.add(new io.vigil.server.core.FieldError("row " + o.index(), o.error().detail()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw VigilException.unprocessable(batch.failed() + " of " + batch.count() + " rows could not be scored", errors);
        }
        return results;
    }

    private static int topK(Map<String, InferParameter> parameters) {
        InferParameter p = parameters.get("top_k");
        if (p == null) {
            return Predictor.DEFAULT_TOP_K;
        }
        if (p.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.INT64_PARAM || p.getInt64Param() < 1
                || p.getInt64Param() > MAX_TOP_K) {
            throw VigilException.badRequest("parameter 'top_k' is an int64_param from 1 to " + MAX_TOP_K);
        }
        return (int) p.getInt64Param();
    }

    private LoadedModel model(String name, String version) {
        return resolver.resolve(selector(name, version));
    }

    private static ModelSelector selector(String name, String version) {
        if (name.isBlank()) {
            throw VigilException.badRequest("the model's name is required (model_name, or name)");
        }
        if (name.length() > RequestLimits.MODEL_NAME_LENGTH || name.indexOf(0) >= 0) {
            throw VigilException.notFound("no model named like that");
        }
        Integer number = null;
        if (!version.isEmpty()) {
            try {
                number = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw VigilException.notFound("model " + name + " has no version '" + version + "'");
            }
        }
        return ModelSelector.ofName(name, number);
    }

    /** The tensor type an input is described with: BOOL for true/false inputs, FP64 for other numbers, BYTES for text. */
    private static String datatype(InputField input) {
        return switch (input.valueType()) {
            case BOOLEAN -> "BOOL";
            case CATEGORICAL, TEXT -> "BYTES";
            case NUMERIC, INTEGER, TIMESTAMP -> "FP64";
        };
    }

    private static TensorMetadata tensor(String name, String datatype, long... shape) {
        TensorMetadata.Builder t = TensorMetadata.newBuilder().setName(name).setDatatype(datatype);
        for (long d : shape) t.addShape(d);
        return t.build();
    }

    /** Answers with {@code work}'s result, or with the status of its failure: a client's mistake is never INTERNAL. */
    private static <T> void reply(StreamObserver<T> answer, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (VigilException e) {
            answer.onError(Statuses.of(e).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            answer.onError(Statuses.internal(e).asRuntimeException());
            return;
        }
        answer.onNext(result);
        answer.onCompleted();
    }
}

package io.vigil.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import inference.GRPCInferenceServiceGrpc;
import inference.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import inference.GrpcPredictV2.InferParameter;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferRequest.InferInputTensor;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelInferResponse.InferOutputTensor;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelMetadataResponse.TensorMetadata;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.vigil.grpc.v1.PredictRequest;
import io.vigil.grpc.v1.PredictResponse;
import io.vigil.grpc.v1.PredictionsGrpc;
import io.vigil.server.auth.Role;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestLogin;
import io.vigil.server.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client generated from KServe's {@code grpc_predict_v2.proto} (and Vigil's {@code vigil.v1})
 * against a real server with a gradient-boosting model trained on NSL-KDD: every RPC, field by
 * field; the same answers as {@code POST /ml/predict} for the same KDDTest+ rows, one by one, as
 * one batch, as raw contents and as a stream; identity and roles; bad tensors; health and reflection.
 */
class GrpcInferenceIT {
    static final String MODEL = "kdd-grpc";
    static TestServer server;
    static HttpTestClient http;
    static ManagedChannel channel;
    static String serviceKey;
    static String modelId;
    static List<TensorMetadata> inputs;
    static List<Map<String, Object>> rows = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_GRPC_ENABLED", "true"));
        http = server.http();
        ServingFixture jobs = new ServingFixture(http, false);
        String trainId = NslKddFiles.upload(http, "KDDTrain+_20Percent.txt", "kdd-train-20");
        JsonNode created = http.postJson("/ml/models", """
                {"modelName": "kdd-grpc", "modelType": "intrusion", "algorithm": "gbm",
                 "hyperparameters": {"rounds": 10, "max_depth": 4}, "targetVariable": "label",
                 "dropColumns": ["difficulty"], "binarize": {"negativeClass": "normal", "positiveClass": "attack"}}""").json();
        modelId = created.get("id").asText();
        HttpTestClient.Response queued = http.postJson("/ml/models/" + modelId + "/train", "{\"datasetId\": \"" + trainId + "\"}");
        assertThat(jobs.waitForJob(queued.json().get("id").asText()).get("state").asText()).isEqualTo("succeeded");
        Instant deadline = Instant.now().plusSeconds(10);
        while ("training".equals(http.get("/ml/models/" + modelId).json().get("status").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        String testId = NslKddFiles.upload(http, "KDDTest+.txt", "kdd-test");
        HttpTestClient.Response validated = http.postJson("/ml/models/" + modelId + "/validate",
                "{\"datasetId\": \"" + testId + "\", \"thresholds\": {\"accuracy\": 0.5}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        assertThat(http.postJson("/ml/models/" + modelId + "/deploy", "{}").status()).isEqualTo(200);
        serviceKey = server.apiKey(Role.SERVICE);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        inputs = inference(serviceKey).modelMetadata(ModelMetadataRequest.newBuilder().setName(MODEL).build()).getInputsList();
        String[] columns = NslKddFiles.COLUMNS.split(",");
        Iterator<String> lines = Files.readAllLines(SharedData.file("nsl-kdd/KDDTest+.txt"), StandardCharsets.UTF_8).iterator();
        while (rows.size() < 40 && lines.hasNext()) {
            String[] cells = lines.next().split(",");
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                if (!columns[c].equals("label") && !columns[c].equals("difficulty")) {
                    record.put(columns[c], NslKddFiles.typed(cells[c]));
                }
            }
            rows.add(record);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    static GRPCInferenceServiceBlockingStub inference(String apiKey) {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                header("x-api-key", apiKey))).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static Metadata header(String name, String value) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
        return m;
    }

    /** One tensor per model input, typed as ModelMetadata describes it, holding {@code records} in order. */
    static ModelInferRequest.Builder tensors(List<Map<String, Object>> records) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(MODEL);
        for (TensorMetadata input : inputs) {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (Map<String, Object> r : records) {
                Object v = r.get(input.getName());
                if (input.getDatatype().equals("BYTES")) {
                    contents.addBytesContents(ByteString.copyFromUtf8(v.toString()));
                } else {
                    contents.addFp64Contents(((Number) v).doubleValue());
                }
            }
            request.addInputs(InferInputTensor.newBuilder().setName(input.getName()).setDatatype(input.getDatatype())
                    .addShape(records.size()).setContents(contents));
        }
        return request;
    }

    /** The same tensors as raw_input_contents: little-endian FP64, BYTES each after its 4-byte length. */
    static ModelInferRequest raw(List<Map<String, Object>> records) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(MODEL);
        for (TensorMetadata input : inputs) {
            ByteBuffer b = ByteBuffer.allocate(records.size() * 64).order(ByteOrder.LITTLE_ENDIAN);
            for (Map<String, Object> r : records) {
                Object v = r.get(input.getName());
                if (input.getDatatype().equals("BYTES")) {
                    byte[] text = v.toString().getBytes(StandardCharsets.UTF_8);
                    b.putInt(text.length).put(text);
                } else {
                    b.putDouble(((Number) v).doubleValue());
                }
            }
            request.addInputs(InferInputTensor.newBuilder().setName(input.getName()).setDatatype(input.getDatatype())
                    .addShape(records.size()));
            request.addRawInputContents(ByteString.copyFrom(b.array(), 0, b.position()));
        }
        return request.build();
    }

    static JsonNode rest(Map<String, Object> record) {
        HttpTestClient.Response r = http.postJson("/ml/predict", io.vigil.server.core.Json.write(Map.of("modelName", MODEL, "features", record)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static InferOutputTensor output(ModelInferResponse answer, String name) {
        return answer.getOutputsList().stream().filter(o -> o.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no output " + name + " in " + answer));
    }

    /** Row {@code r} of a response equals REST's answer for the same record: label, each class's probability, confidence. */
    static void sameAsRest(ModelInferResponse answer, int r, JsonNode rest) {
        assertThat(output(answer, "label").getContents().getBytesContents(r).toStringUtf8()).isEqualTo(rest.get("label").asText());
        List<String> classes = new ArrayList<>();
        rest.get("probabilities").fieldNames().forEachRemaining(classes::add);
        InferOutputTensor p = output(answer, "probabilities");
        assertThat(p.getShapeList()).containsExactly((long) answer.getOutputs(0).getShape(0), (long) classes.size());
        for (int c = 0; c < classes.size(); c++) {
            assertThat(p.getContents().getFp64Contents(r * classes.size() + c)).as(classes.get(c))
                    .isEqualTo(rest.get("probabilities").get(classes.get(c)).asDouble());
        }
        assertThat(output(answer, "confidence").getContents().getFp64Contents(r)).isEqualTo(rest.get("confidence").asDouble());
    }

    @Test
    void kddTestRowsGetTheSameAnswersAsRest() {
        List<JsonNode> expected = rows.stream().map(GrpcInferenceIT::rest).toList();
        assertThat(expected.stream().map(e -> e.get("label").asText()).distinct()).contains("attack", "normal");
        GRPCInferenceServiceBlockingStub stub = inference(serviceKey);
        for (int r = 0; r < 10; r++) { // one row: the /ml/predict path
            ModelInferResponse one = stub.modelInfer(tensors(List.of(rows.get(r))).setId("row-" + r).build());
            assertThat(one.getModelName()).isEqualTo(MODEL);
            assertThat(one.getModelVersion()).isEqualTo("1");
            assertThat(one.getId()).isEqualTo("row-" + r);
            sameAsRest(one, 0, expected.get(r));
            String id = output(one, "prediction_id").getContents().getBytesContents(0).toStringUtf8();
            assertThat(id).isNotEqualTo(expected.get(r).get("predictionId").asText()).hasSize(36); // a prediction of its own
        }
        ModelInferResponse batch = stub.modelInfer(tensors(rows).build()); // by columns, or record by record when judged
        ModelInferResponse rawBatch = stub.modelInfer(raw(rows));
        assertThat(output(batch, "label").getShapeList()).containsExactly((long) rows.size());
        for (int r = 0; r < rows.size(); r++) {
            sameAsRest(batch, r, expected.get(r));
            sameAsRest(rawBatch, r, expected.get(r));
        }
        assertThat(output(batch, "prediction_id").getContents().getBytesContentsList().stream().distinct()).hasSize(rows.size());
        // the raw form of the answer carries the same doubles
        ModelInferResponse rawAnswer = stub.modelInfer(tensors(rows.subList(0, 3)).putParameters("raw_output",
                InferParameter.newBuilder().setBoolParam(true).build()).build());
        assertThat(rawAnswer.getRawOutputContentsCount()).isEqualTo(rawAnswer.getOutputsCount());
        int confidenceAt = rawAnswer.getOutputsList().indexOf(output(rawAnswer, "confidence"));
        ByteBuffer confidence = rawAnswer.getRawOutputContents(confidenceAt).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < 3; r++) {
            assertThat(confidence.getDouble()).isEqualTo(expected.get(r).get("confidence").asDouble());
        }
    }

    @Test
    void everyRpcOfTheProtocolAnswers() {
        GRPCInferenceServiceBlockingStub open = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        assertThat(open.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(open.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(open.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName()).isEqualTo("vigil");
        GRPCInferenceServiceBlockingStub stub = inference(serviceKey);
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).build()).getReady()).isTrue();
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).setVersion("1").build()).getReady()).isTrue();
        assertThat(code(() -> stub.modelReady(ModelReadyRequest.newBuilder().setName("nope").build()))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> stub.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).setVersion("9").build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        ModelMetadataResponse meta = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(MODEL).build());
        assertThat(meta.getName()).isEqualTo(MODEL);
        assertThat(meta.getVersionsList()).containsExactly("1");
        assertThat(meta.getPlatform()).isEqualTo("vigil-gbm");
        assertThat(meta.getInputsCount()).isEqualTo(41); // NSL-KDD's 43 columns but the label and the dropped difficulty
        Map<String, String> types = new LinkedHashMap<>();
        meta.getInputsList().forEach(i -> types.put(i.getName(), i.getDatatype()));
        assertThat(types).containsEntry("protocol_type", "BYTES").containsEntry("service", "BYTES").containsEntry("flag", "BYTES")
                .containsEntry("src_bytes", "FP64").containsEntry("duration", "FP64");
        meta.getInputsList().forEach(i -> assertThat(i.getShapeList()).containsExactly(-1L));
        assertThat(meta.getOutputsList().stream().map(TensorMetadata::getName)).startsWith("label", "probabilities", "confidence")
                .contains("prediction_id", "explanation");
        assertThat(meta.getOutputs(1).getShapeList()).containsExactly(-1L, 2L);
        // explained on request, with the parameters the protocol carries
        ModelInferResponse explained = stub.modelInfer(tensors(rows.subList(0, 2)).putParameters("explain",
                InferParameter.newBuilder().setBoolParam(true).build()).putParameters("top_k",
                InferParameter.newBuilder().setInt64Param(3).build()).build());
        JsonNode explanation = io.vigil.server.core.Json.readTree(output(explained, "explanation").getContents().getBytesContents(1)
                .toStringUtf8());
        assertThat(explanation.get("contributions")).hasSize(3);
        JsonNode rest = http.postJson("/ml/predict", io.vigil.server.core.Json.write(Map.of("modelName", MODEL, "features", rows.get(1),
                "explain", true, "topK", 3))).json().get("explanation");
        assertThat(explanation.get("contributions").get(0).get("feature")).isEqualTo(rest.get("contributions").get(0).get("feature"));
        assertThat(explanation.get("margin").asDouble()).isEqualTo(rest.get("margin").asDouble());
    }

    @Test
    void identityAndRolesAreAsOverRest() {
        GRPCInferenceServiceBlockingStub nobody = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        ModelInferRequest one = tensors(rows.subList(0, 1)).build();
        StatusRuntimeException none = catchStatus(() -> nobody.modelInfer(one));
        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(none.getStatus().getDescription()).contains("authorization: Bearer", "x-api-key");
        assertThat(code(() -> nobody.modelMetadata(ModelMetadataRequest.newBuilder().setName(MODEL).build())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        StatusRuntimeException wrong = catchStatus(() -> inference("vgl_not-a-real-key-000000000000").modelInfer(one));
        assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(wrong.getStatus().getDescription()).doesNotContain("vgl_not-a-real-key");
        assertThat(code(() -> nobody.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header("authorization", "Basic abc")))
                .modelInfer(one))).isEqualTo(Status.Code.UNAUTHENTICATED);
        // every role may predict, as over REST: an API key of each role, as a bearer credential too, and a session's token
        for (Role role : Role.values()) {
            String key = server.apiKey(role);
            assertThat(inference(key).modelInfer(one).getOutputsCount()).isPositive();
            assertThat(nobody.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header("authorization", "Bearer " + key)))
                    .modelInfer(one).getOutputsCount()).isPositive();
        }
        String token = new TestLogin("http://127.0.0.1:" + server.port(), "admin", TestServer.ADMIN_PASSWORD).get();
        assertThat(nobody.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header("authorization", token)))
                .modelInfer(one).getModelName()).isEqualTo(MODEL);
        // the role check answers PERMISSION_DENIED: no role lacks "predict" today, so the mapping is what can be checked
        assertThat(Statuses.of(io.vigil.server.auth.Credentials.forbidden(new io.vigil.server.auth.Caller(java.util.UUID.randomUUID(),
                "someone", Role.SERVICE, io.vigil.server.auth.Caller.Kind.API_KEY), io.vigil.server.auth.Access.ADMIN, "x")).getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void badTensorsAreInvalidArgumentsThatSayWhy() {
        GRPCInferenceServiceBlockingStub stub = inference(serviceKey);
        ModelInferRequest good = tensors(rows.subList(0, 2)).build();
        assertInvalid(stub, ModelInferRequest.newBuilder().setModelName(MODEL).build(), "no inputs");
        assertInvalid(stub, good.toBuilder().removeInputs(0).build(), "duration", "required");
        assertInvalid(stub, good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().clearShape().addShape(3)).build(),
                "duration", "shape [3]", "2 values");
        assertInvalid(stub, good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().setDatatype("FP32")).build(),
                "duration", "FP32", "fp32_contents");
        assertInvalid(stub, good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().setDatatype("COMPLEX")).build(), "COMPLEX");
        int src = indexOf("src_bytes");
        assertInvalid(stub, good.toBuilder().setInputs(src, InferInputTensor.newBuilder().setName("src_bytes").setDatatype("BYTES")
                .addShape(2).setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("lots"))
                        .addBytesContents(ByteString.copyFromUtf8("12")))).build(), "src_bytes", "lots");
        assertInvalid(stub, good.toBuilder().addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("colour")).build(),
                "colour");
        ModelInferRequest raw = raw(rows.subList(0, 1));
        assertInvalid(stub, raw.toBuilder().setRawInputContents(0, ByteString.copyFrom(new byte[5])).build(), "duration", "8 bytes");
        assertInvalid(stub, raw.toBuilder().clearRawInputContents()
                .addAllRawInputContents(raw.getRawInputContentsList().subList(1, raw.getRawInputContentsCount())).build(), "raw_input_contents");
        assertThat(code(() -> stub.modelInfer(good.toBuilder().setModelName("nope").build()))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> stub.modelInfer(good.toBuilder().setModelVersion("x").build()))).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void predictStreamsAnswerEachEventInOrder() throws Exception {
        List<JsonNode> expected = rows.subList(0, 12).stream().map(GrpcInferenceIT::rest).toList();
        List<PredictResponse> answers = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<PredictRequest> events = PredictionsGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                header("authorization", "Bearer " + serviceKey))).predict(new StreamObserver<>() {
            public void onNext(PredictResponse value) {
                answers.add(value);
            }

            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            public void onCompleted() {
                done.complete(null);
            }
        });
        for (int r = 0; r < 12; r++) {
            Map<String, Object> record = new LinkedHashMap<>(rows.get(r));
            if (r == 5) {
                record.put("src_bytes", "lots"); // a bad event is answered in its place; the stream goes on
            }
            PredictRequest.Builder event = PredictRequest.newBuilder().setRequestId("e" + r).setFeatures(struct(record));
            // by its id the model is asked for the first time in this test class: not in memory, so that event is answered
            // on a pool thread, and the events after it must still be answered after it, in order
            events.onNext(r == 1 ? event.setModelId(modelId).build()
                    : r % 2 == 0 ? event.setModelType("intrusion").build() : event.setModelName(MODEL).build());
        }
        events.onNext(PredictRequest.newBuilder().setRequestId("none").setFeatures(struct(rows.get(0))).build());
        events.onCompleted();
        done.get(30, TimeUnit.SECONDS);
        assertThat(answers).hasSize(13);
        for (int r = 0; r < 12; r++) {
            PredictResponse a = answers.get(r);
            assertThat(a.getRequestId()).isEqualTo("e" + r);
            if (r == 5) {
                assertThat(a.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
                assertThat(a.getError().getFieldErrorsList()).anySatisfy(f -> assertThat(f.getField()).contains("src_bytes"));
                continue;
            }
            assertThat(a.getPrediction().getLabel()).isEqualTo(expected.get(r).get("label").asText());
            assertThat(a.getPrediction().getConfidence()).isEqualTo(expected.get(r).get("confidence").asDouble());
            JsonNode want = expected.get(r);
            assertThat(a.getPrediction().getProbabilitiesList()).hasSize(2).allSatisfy(p -> assertThat(p.getProbability())
                    .isEqualTo(want.get("probabilities").get(p.getClassName()).asDouble()));
            assertThat(a.getPrediction().getModel().getName()).isEqualTo(MODEL);
            assertThat(a.getPrediction().getPredictionId()).hasSize(36);
        }
        assertThat(answers.get(12).getError().getMessage()).contains("exactly one of model_type");
    }

    @Test
    void healthAndReflectionListTheServices() throws Exception {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        for (String service : List.of("", "inference.GRPCInferenceService", "vigil.v1.Predictions")) {
            assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
        List<String> services = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> ask = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
            public void onNext(ServerReflectionResponse r) {
                r.getListServicesResponse().getServiceList().forEach(s -> services.add(s.getName()));
            }

            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            public void onCompleted() {
                done.complete(null);
            }
        });
        ask.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ask.onCompleted();
        done.get(10, TimeUnit.SECONDS);
        assertThat(services).contains("inference.GRPCInferenceService", "vigil.v1.Predictions", "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection");
    }

    static Struct struct(Map<String, Object> record) {
        Struct.Builder s = Struct.newBuilder();
        record.forEach((k, v) -> s.putFields(k, v instanceof Number n ? Value.newBuilder().setNumberValue(n.doubleValue()).build()
                : Value.newBuilder().setStringValue(v.toString()).build()));
        return s.build();
    }

    static int indexOf(String input) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).getName().equals(input)) return i;
        }
        throw new AssertionError(input);
    }

    static void assertInvalid(GRPCInferenceServiceBlockingStub stub, ModelInferRequest request, String... words) {
        StatusRuntimeException e = catchStatus(() -> stub.modelInfer(request));
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains(words);
    }

    static Status.Code code(Runnable call) {
        return catchStatus(call).getStatus().getCode();
    }

    static StatusRuntimeException catchStatus(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }
}

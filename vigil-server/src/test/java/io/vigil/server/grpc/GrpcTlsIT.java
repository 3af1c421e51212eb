package io.vigil.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ServerLiveRequest;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import io.vigil.server.testing.TestCertificates;
import io.vigil.server.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC over TLS with the key material REST's TLS is configured with ({@code VIGIL_TLS_*}); nothing in plain text. */
class GrpcTlsIT {
    @TempDir
    Path dir;

    @Test
    void servesTlsWithTheRestApisCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.ec();
        Path cert = certificates.writeCertificate(dir.resolve("vigil.crt"));
        Path key = certificates.writeEncryptedKey(dir.resolve("vigil.key"), "pem-key-password");
        try (TestServer vigil = TestServer.start(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", key.toString(),
                "VIGIL_TLS_KEY_PASSWORD", "pem-key-password", "VIGIL_GRPC_ENABLED", "true"))) {
            ManagedChannel tls = Grpc.newChannelBuilderForAddress("localhost", vigil.grpcPort(),
                    TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build()).build();
            ManagedChannel plain = Grpc.newChannelBuilderForAddress("localhost", vigil.grpcPort(),
                    io.grpc.InsecureChannelCredentials.create()).build();
            try {
                assertThat(GRPCInferenceServiceGrpc.newBlockingStub(tls).serverLive(ServerLiveRequest.getDefaultInstance()).getLive())
                        .isTrue();
                // a session's token, from REST's login over HTTPS
                java.net.http.HttpResponse<String> login = certificates.trustingClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + vigil.port() + "/auth/login")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\": \"admin\", \"password\": \""
                                + TestServer.ADMIN_PASSWORD + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
                Metadata apiKey = new Metadata();
                apiKey.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                        "Bearer " + io.vigil.server.core.Json.readTree(login.body()).get("token").asText());
                StatusRuntimeException unknown = call(() -> GRPCInferenceServiceGrpc.newBlockingStub(tls)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(apiKey))
                        .modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()));
                assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND); // identified over TLS, then no such model
                StatusRuntimeException refused = call(() -> GRPCInferenceServiceGrpc.newBlockingStub(plain)
                        .withDeadlineAfter(5, TimeUnit.SECONDS).serverLive(ServerLiveRequest.getDefaultInstance()));
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            } finally {
                tls.shutdownNow();
                plain.shutdownNow();
            }
        }
    }

    private static StatusRuntimeException call(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }
}

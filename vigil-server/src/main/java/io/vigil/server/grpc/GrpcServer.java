package io.vigil.server.grpc;

import inference.GRPCInferenceServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.vigil.grpc.v1.PredictionsGrpc;
import io.vigil.server.auth.Access;
import io.vigil.server.auth.Identities;
import io.vigil.server.config.TlsConfig;
import io.vigil.server.limits.RateLimiter;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.scoring.Predictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's gRPC server, on its own port beside the REST API: the Open Inference Protocol v2
 * ({@link InferenceService}), Vigil's streaming {@code Predict} ({@link PredictionStream}),
 * {@code grpc.health.v1} and server reflection (so {@code grpcurl} lists and calls the services).
 * Same host, same TLS identity, same callers and roles ({@link CallerInterceptor}) and the same
 * prediction rate limits as REST. Stopped gracefully: health says NOT_SERVING, new calls are
 * refused, running ones get the shutdown timeout to finish.
 */
public final class GrpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
    /** A request's largest message: [1,000 rows x a few hundred inputs] fits many times over. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;

    /** What the server serves with: serving's resolver and predictor, the models' versions, readiness, identity, rate limits. */
    public record Parts(ModelResolver resolver, Predictor predictor, ModelRepository repository, BooleanSupplier ready,
                        Identities identities, RateLimiter rateLimiter, String version) {}

    private final Server server;
    private final HealthStatusManager health;
    private final CallThreads threads;
    private final int shutdownSeconds;

    private GrpcServer(Server server, HealthStatusManager health, CallThreads threads, int shutdownSeconds) {
        this.server = server;
        this.health = health;
        this.threads = threads;
        this.shutdownSeconds = shutdownSeconds;
    }

    public static GrpcServer start(GrpcSettings settings, String host, TlsConfig tls, int shutdownSeconds, Parts parts) {
        PredictionAdmission admission = new PredictionAdmission(parts.rateLimiter());
        CallThreads threads = new CallThreads();
        InferenceService inference = new InferenceService(parts.resolver(), parts.predictor(), parts.repository(), parts.ready(),
                admission, parts.version(), threads);
        PredictionStream stream = new PredictionStream(parts.resolver(), parts.predictor(), admission, threads);
        // the same access as the REST routes of the protocol: liveness, readiness and the server's metadata are open
        CallerInterceptor identity = new CallerInterceptor(parts.identities(), Map.of(
                GRPCInferenceServiceGrpc.getModelReadyMethod().getFullMethodName(), Access.PREDICT,
                GRPCInferenceServiceGrpc.getModelMetadataMethod().getFullMethodName(), Access.PREDICT,
                GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName(), Access.PREDICT,
                PredictionsGrpc.getPredictMethod().getFullMethodName(), Access.PREDICT));
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, settings.port()), credentials(tls))
                .addService(ServerInterceptors.intercept(inference, identity))
                .addService(ServerInterceptors.intercept(stream, identity))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance()) // v1alpha: what older grpcurl asks
                .directExecutor() // calls run on the event loop; what may wait goes to CallThreads
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            threads.close();
            throw new UncheckedIOException("cannot listen for gRPC on " + host + ":" + settings.port()
                    + " (grpc.port, VIGIL_GRPC_PORT; grpc.enabled: false turns it off)", e);
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(GRPCInferenceServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        health.setStatus(PredictionsGrpc.SERVICE_NAME, ServingStatus.SERVING);
        log.atInfo().addKeyValue("host", host).addKeyValue("port", port(server)).addKeyValue("tls", tls != null).log("gRPC listening");
        return new GrpcServer(server, health, threads, shutdownSeconds);
    }

    /** The bound port (the chosen one when {@code grpc.port} is 0). */
    public int port() {
        return port(server);
    }

    private static int port(Server server) {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** TLS with the REST API's key and certificate chain, or plain HTTP/2. */
    private static ServerCredentials credentials(TlsConfig tls) {
        if (tls == null) {
            return InsecureServerCredentials.create();
        }
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(tls.keyStore(), tls.keyPassword().toCharArray());
            return TlsServerCredentials.newBuilder().keyManager(keys.getKeyManagers()).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TLS key from " + tls.source() + " cannot serve gRPC: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        health.enterTerminalState(); // NOT_SERVING: load balancers stop sending before the port closes
        server.shutdown();
        try {
            if (!server.awaitTermination(shutdownSeconds, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        threads.close();
        log.info("gRPC stopped");
    }
}

package io.vigil.server.grpc;

/**
 * The gRPC server's settings ({@code grpc.*}): whether it runs, and its port (0 picks a free one).
 * It listens on {@code server.host} with the REST API's TLS identity, if any.
 */
public record GrpcSettings(boolean enabled, int port) {
    public static final int DEFAULT_PORT = 8081;
}

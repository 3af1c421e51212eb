package io.vigil.server.grpc;

/**
 * The gRPC server's settings ({@code grpc.*}): whether it runs, and its port (0 picks a free one).
 * It listens on {@code server.host} with the REST API's TLS identity, if any. Off unless enabled:
 * 8081 is also where Vigil's own examples put a second instance or the plain-HTTP port beside HTTPS,
 * and a start that found it taken would fail.
 */
public record GrpcSettings(boolean enabled, int port) {
    public static final int DEFAULT_PORT = 8081;
}

package io.vigil.server.config;

import java.util.List;

/**
 * How Vigil's HTTP server meets the network, checked before any request is routed: TLS, the host
 * names and browser origins it answers, and the sizes of a request's head.
 *
 * @param tls                the TLS identity; {@code null} serves plain HTTP
 * @param allowedHosts       names besides localhost, IP addresses and the bound address that requests may be
 *                           addressed to when Vigil listens beyond loopback (lower case)
 * @param allowedOrigins     web origins besides Vigil's own whose pages may change data and open WebSockets
 * @param corsOrigins        web origins whose scripts may call the API and read its answers (CORS); allowed origins too
 * @param maxHeaderBytes     the request line and headers together (431 beyond, 414 when the request line alone is)
 * @param maxUriLength       characters of the request target, path and query (414 beyond)
 * @param maxQueryParameters parameters in a query string (400 beyond)
 * @param maxUploadParts     parts of a multipart body (413 beyond, refused as the body arrives)
 * @param grpc               the gRPC server beside the HTTP one ({@code grpc.*}): same host and TLS
 */
public record EdgeConfig(TlsConfig tls, List<String> allowedHosts, List<String> allowedOrigins, List<String> corsOrigins,
                         int maxHeaderBytes, int maxUriLength, int maxQueryParameters, int maxUploadParts,
                         io.vigil.server.grpc.GrpcSettings grpc) {
}

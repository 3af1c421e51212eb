package io.vigil.server.http;

import java.security.KeyStore;
import java.util.List;

/**
 * What the edge of the HTTP server checks before a request is routed: TLS, the host names and
 * browser origins it answers, and the sizes of a request's head. See {@link EdgeGuard}.
 *
 * @param https              HTTPS, or {@code null} for plain HTTP
 * @param allowedHosts       names (lower case) besides localhost, IP addresses and the bound address that a
 *                           request may be addressed to when the server listens beyond loopback
 * @param allowedOrigins     origins besides the server's own whose pages may change data and open WebSockets
 * @param corsOrigins        origins whose scripts may call the API and read its answers; allowed origins too
 * @param maxHeaderBytes     the request line and headers together: 431 beyond (414 when the request line alone is)
 * @param maxUriLength       characters of the request target, path and query: 414 beyond
 * @param maxQueryParameters parameters of a query string: 400 beyond
 * @param maxUploadParts     parts of a multipart body: 413 beyond, as soon as the part past the limit arrives
 */
public record EdgeSettings(Https https, List<String> allowedHosts, List<String> allowedOrigins, List<String> corsOrigins,
                           int maxHeaderBytes, int maxUriLength, int maxQueryParameters, int maxUploadParts) {

    public EdgeSettings {
        allowedHosts = List.copyOf(allowedHosts);
        allowedOrigins = List.copyOf(allowedOrigins);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Plain HTTP, the server's own origin only, no CORS, and the default limits. */
    public static EdgeSettings defaults() {
        return new EdgeSettings(null, List.of(), List.of(), List.of(), 8 * 1024, 8 * 1024, 100, 100);
    }

    public EdgeSettings withHttps(Https newHttps) {
        return new EdgeSettings(newHttps, allowedHosts, allowedOrigins, corsOrigins, maxHeaderBytes, maxUriLength, maxQueryParameters,
                maxUploadParts);
    }

    public EdgeSettings withOrigins(List<String> allowed, List<String> cors) {
        return new EdgeSettings(https, allowedHosts, allowed, cors, maxHeaderBytes, maxUriLength, maxQueryParameters, maxUploadParts);
    }

    public EdgeSettings withLimits(int headerBytes, int uriLength, int queryParameters, int uploadParts) {
        return new EdgeSettings(https, allowedHosts, allowedOrigins, corsOrigins, headerBytes, uriLength, queryParameters, uploadParts);
    }

    /**
     * HTTPS: the server's keys and certificate chains, and whether plain HTTP is served too.
     *
     * @param keyPassword   the password of the key entries (never logged)
     * @param plainHttpPort a port that also serves plain HTTP (0: any free one), or {@code null}: HTTPS only
     */
    public record Https(KeyStore keyStore, String keyPassword, Integer plainHttpPort) {
        @Override
        public String toString() {
            return "Https[keyPassword=****, plainHttpPort=" + plainHttpPort + "]";
        }
    }
}

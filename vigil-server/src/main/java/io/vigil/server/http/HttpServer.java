package io.vigil.server.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Identities;
import io.vigil.server.core.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP layer: Javalin with the route table, one JSON mapper, one error model, a request id and
 * one log line per request. It holds no business logic.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");
    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /**
     * Settings the HTTP layer needs, and nothing more.
     *
     * @param bodyTimeout how long a request body may pause before it is answered 408
     * @param edge        TLS, the names and origins answered, the sizes of a request's head ({@link EdgeGuard})
     */
    public record Settings(String host, int port, long maxUploadBytes, Path uploadTempDir, int shutdownTimeoutSeconds,
                           Duration bodyTimeout, EdgeSettings edge) {
        public Settings(String host, int port, long maxUploadBytes, Path uploadTempDir, int shutdownTimeoutSeconds) {
            this(host, port, maxUploadBytes, uploadTempDir, shutdownTimeoutSeconds, Duration.ofSeconds(20));
        }

        public Settings(String host, int port, long maxUploadBytes, Path uploadTempDir, int shutdownTimeoutSeconds, Duration bodyTimeout) {
            this(host, port, maxUploadBytes, uploadTempDir, shutdownTimeoutSeconds, bodyTimeout, EdgeSettings.defaults());
        }
    }

    // a %uXXXX escape is no URI syntax (only IIS took it); Javalin's LEGACY lets it reach the router, whose decoder fails
    private static final UriCompliance URI_COMPLIANCE = UriCompliance.LEGACY.without("VIGIL", UriCompliance.Violation.UTF16_ENCODINGS);

    // set on requests of routes declared highVolume(): their successful answers are logged at DEBUG
    private static final String QUIET_LOG = "vigil.quietLog";

    /** A server whose routes are all public: every credential is refused (tests of the HTTP layer). */
    public static HttpServer start(Settings settings, List<Route> routes) {
        return start(settings, routes, Identities.NOBODY);
    }

    /** A server whose routes' access is checked on every request, callers identified by {@code identities}. */
    public static HttpServer start(Settings settings, List<Route> routes, Identities identities) {
        return start(settings, routes, identities, Safeguards.NONE);
    }

    /** The same, with rate limits and the audit trail. */
    public static HttpServer start(Settings settings, List<Route> routes, Identities identities, Safeguards safeguards) {
        return start(settings, routes, identities, safeguards, HttpMeters.NONE);
    }

    /** The same, every request measured in {@code meters} (none with {@link HttpMeters#NONE}). */
    public static HttpServer start(Settings settings, List<Route> routes, Identities identities, Safeguards safeguards,
                                   HttpMeters meters) {
        removeLeftBodies(settings.uploadTempDir());
        Identification identification = new Identification(identities);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.prefer405over404 = true;
            cfg.http.compressionStrategy = noCompression();
            cfg.http.maxRequestSize = Bodies.MAX_BYTES;
            configureJetty(cfg, settings, routes, identification, safeguards, meters);
            cfg.staticFiles.enableWebjars();

            cfg.routes.before(ctx -> MDC.put("requestId", RequestIds.assign(ctx)));
            cfg.requestLogger.http((ctx, ms) -> {
                boolean quiet = ctx.statusCode() < 400 && ctx.attribute(QUIET_LOG) != null;
                (quiet ? log.atDebug() : log.atInfo()).addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                        .addKeyValue("status", ctx.statusCode()).addKeyValue("caller", Callers.find(ctx).map(Caller::name).orElse(null)).addKeyValue("durationMs", Math.round(ms * 100) / 100.0)
                        .log("request"); // the request id comes from the MDC
                MDC.remove("requestId");
            });
            ErrorMapper.install(cfg.routes);
            // Javalin tries a method's routes in the order they were added: the prediction routes first
            for (Route route : RouteTemplates.highVolumeFirst(routes)) {
                if (route.webSocket() != null) {
                    cfg.routes.wsBeforeUpgrade(route.path(), guarded(route, ctx -> { }, identification));
                    cfg.routes.ws(route.path(), route.webSocket());
                } else {
                    Handler handler = route.handler();
                    if (route.quietLog()) {
                        handler = ctx -> {
                            ctx.attribute(QUIET_LOG, Boolean.TRUE);
                            route.handler().handle(ctx);
                        };
                    }
                    cfg.routes.addHttpHandler(route.method(), route.path(), guarded(route, handler, identification));
                }
            }
        });
        app.start();
        log.atInfo().addKeyValue("host", settings.host()).addKeyValue("port", app.port())
                .addKeyValue("scheme", settings.edge().https() == null ? "http" : "https").log("HTTP server listening");
        return new HttpServer(app);
    }

    /** The port of the first connector: HTTPS when it is on. */
    public int port() {
        return app.port();
    }

    /** The port that serves plain HTTP beside HTTPS, or -1 when there is none. */
    public int plainHttpPort() {
        org.eclipse.jetty.server.Connector[] connectors = jetty().getConnectors();
        return connectors.length > 1 ? ((ServerConnector) connectors[1]).getLocalPort() : -1;
    }

    /** The Jetty server below; for tests of what Jetty was told. */
    org.eclipse.jetty.server.Server jetty() {
        return app.jettyServer().server();
    }

    /**
     * The handler behind the route's access check: the caller {@link IdentityGate} found, or, for a
     * request it did not match, one identified here. Public routes run as they are.
     */
    private static Handler guarded(Route route, Handler handler, Identification identification) {
        if (route.access() == Access.PUBLIC) {
            return handler;
        }
        return ctx -> {
            if (Callers.find(ctx).filter(c -> c.may(route.access())).isEmpty()) {
                Callers.set(ctx, identification.authorize(ctx::header, route.access()));
            }
            handler.handle(ctx);
        };
    }

    /**
     * Jetty below Javalin: {@link BodyReader} in front, {@link ProblemErrorHandler} for what Jetty refuses,
     * the URI rules, the connector, multipart limits, and no session state.
     */
    private static void configureJetty(JavalinConfig cfg, Settings settings, List<Route> routes, Identification identification,
                                       Safeguards safeguards, HttpMeters meters) {
        EdgeSettings edge = settings.edge();
        ProblemErrorHandler errors = new ProblemErrorHandler(
                routes.stream().filter(r -> r.webSocket() != null).map(Route::path).toList(), edge);
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setUriCompliance(URI_COMPLIANCE);
            http.setRequestHeaderSize(edge.maxHeaderBytes()); // the request line and headers: a longer URI is a 414, longer headers a 431
        });
        Listeners.install(cfg, settings.host(), settings.port(), settings.bodyTimeout(), edge.https());
        cfg.jetty.modifyServletContextHandler(context -> {
            context.setErrorHandler(errors);
            // Javalin opens an HTTP session for every WebSocket upgrade, and Jetty kept each one in memory
            // for good (a growth any client could drive); Vigil keeps no session state, so none is kept or sent
            NullSessionCache sessions = new NullSessionCache(context.getSessionHandler());
            sessions.setSessionDataStore(new NullSessionDataStore());
            context.getSessionHandler().setSessionCache(sessions);
            context.getSessionHandler().setUsingCookies(false);
            context.setMaxFormKeys(edge.maxUploadParts()); // Jetty's own count of multipart parts, behind BodyReader's
        });
        // Multipart uploads spill to disk past 1 MiB: memory stays flat whatever the file size.
        cfg.jetty.multipartConfig.cacheDirectory(settings.uploadTempDir().toString());
        cfg.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes() + BodyReader.MULTIPART_ALLOWANCE, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(settings.shutdownTimeoutSeconds() * 1000L);
            server.setErrorHandler(errors);
            // a problem written as text is UTF-8, like all JSON (Jetty's fallback for a type it does not know is ISO-8859-1)
            server.getMimeTypes().addAssumed(Problem.MEDIA_TYPE, "utf-8");
            // outermost, so that no request reaches Javalin before its body is complete
            server.insertHandler(new BodyReader(new BodyReader.Settings(settings.bodyTimeout(), settings.maxUploadBytes(),
                    settings.uploadTempDir(), Runtime.getRuntime().maxMemory() / 4, edge.maxUploadParts()), new UploadRoutes(routes)));
            // each request's route is matched once for the audit trail, the identity gate and the rate limit gates
            RouteTemplates allRoutes = new RouteTemplates(routes);
            if (safeguards.limited()) { // per caller, once it is known; still before the body
                server.insertHandler(new RateLimitGate(allRoutes, safeguards.rateLimits(), RateLimitGate.Side.CALLER, meters));
            }
            // in front of the body reader: a caller without identity costs no body
            server.insertHandler(new IdentityGate(allRoutes, identification, meters));
            if (safeguards.limited()) { // per address, before credentials are checked: a flood of bad ones is held here
                server.insertHandler(new RateLimitGate(allRoutes, safeguards.rateLimits(), RateLimitGate.Side.ADDRESS, meters));
            }
            if (safeguards.audit() != null) { // outside the gates: it records their 401s and 403s with the handlers' answers
                server.insertHandler(new AuditTrail(allRoutes, safeguards.audit()));
            }
            // outermost: what the request's head alone decides (Host, Origin, CORS, URI limits) comes before identity and body
            server.insertHandler(new EdgeGuard(edge, settings.host()));
            if (meters.enabled()) { // outside everything: every answer is timed, the edge's refusals too
                server.insertHandler(new RequestTiming(allRoutes, meters.timers(routes)));
            }
        });
    }

    /** Request bodies a crash left in their temporary files: only this server writes them (the data directory is locked). */
    private static void removeLeftBodies(Path dir) {
        try (java.nio.file.DirectoryStream<Path> left = java.nio.file.Files.newDirectoryStream(dir, BodyBuffer.FILE_PREFIX + "*.tmp")) {
            for (Path file : left) {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.nio.file.NoSuchFileException absent) {
            // nothing was ever stored
        } catch (java.io.IOException e) {
            log.atWarn().addKeyValue("dir", dir).addKeyValue("error", e.toString()).log("cannot remove request bodies left by an earlier run");
        }
    }

    /** Stops accepting requests and lets running ones finish (bounded by the shutdown timeout). */
    @Override
    public void close() {
        try {
            app.stop();
        } catch (RuntimeException e) {
            // Jetty still stops; only the graceful part ran out of time (e.g. idle keep-alive clients).
            log.atWarn().addKeyValue("error", e.toString()).log("HTTP server did not stop gracefully in time");
        }
    }

    /**
     * Answers are small JSON on a LAN: compressing them costs more than it saves. Even without a
     * compressor Javalin asks, for every answer, whether its type could be compressed, by a
     * case-insensitive scan of about 40 excluded types: 8 % of a prediction's CPU. With none
     * excluded the answer comes at once, and with no compressor it is still "no".
     */
    private static CompressionStrategy noCompression() {
        CompressionStrategy none = new CompressionStrategy(null, null);
        none.setExcludedMimeTypes(java.util.List.of());
        return none;
    }
}

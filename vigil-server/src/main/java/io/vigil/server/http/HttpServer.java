package io.vigil.server.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.SizeUnit;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.nio.file.Path;
import java.util.List;
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

    /** Settings the HTTP layer needs, and nothing more. */
    public record Settings(String host, int port, long maxUploadBytes, Path uploadTempDir, int shutdownTimeoutSeconds) {}

    // set on requests of routes declared highVolume(): their successful answers are logged at DEBUG
    private static final String QUIET_LOG = "vigil.quietLog";

    public static HttpServer start(Settings settings, List<Route> routes) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.prefer405over404 = true;
            cfg.http.compressionStrategy = noCompression();
            cfg.http.maxRequestSize = Bodies.MAX_BYTES;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            // Multipart uploads spill to disk past 1 MiB: memory stays flat whatever the file size.
            cfg.jetty.multipartConfig.cacheDirectory(settings.uploadTempDir().toString());
            cfg.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes() + 1024 * 1024, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.jetty.modifyServer(server -> server.setStopTimeout(settings.shutdownTimeoutSeconds() * 1000L));
            cfg.staticFiles.enableWebjars();

            cfg.routes.before(ctx -> MDC.put("requestId", RequestIds.assign(ctx)));
            cfg.requestLogger.http((ctx, ms) -> {
                boolean quiet = ctx.statusCode() < 400 && ctx.attribute(QUIET_LOG) != null;
                (quiet ? log.atDebug() : log.atInfo()).addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                        .addKeyValue("status", ctx.statusCode()).addKeyValue("durationMs", Math.round(ms * 100) / 100.0)
                        .log("request"); // the request id comes from the MDC
                MDC.remove("requestId");
            });
            ErrorMapper.install(cfg.routes);
            for (Route route : routes) {
                if (route.webSocket() != null) {
                    cfg.routes.ws(route.path(), route.webSocket(), route.role());
                } else {
                    Handler handler = route.handler();
                    if (route.quietLog()) {
                        handler = ctx -> {
                            ctx.attribute(QUIET_LOG, Boolean.TRUE);
                            route.handler().handle(ctx);
                        };
                    }
                    cfg.routes.addHttpHandler(route.method(), route.path(), handler, route.role());
                }
            }
        });
        app.start();
        log.atInfo().addKeyValue("host", settings.host()).addKeyValue("port", app.port()).log("HTTP server listening");
        return new HttpServer(app);
    }

    public int port() {
        return app.port();
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

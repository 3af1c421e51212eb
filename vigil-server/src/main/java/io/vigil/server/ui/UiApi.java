package io.vigil.server.ui;

import static io.vigil.server.auth.Access.PUBLIC;
import static io.vigil.server.http.Route.get;

import io.javalin.http.Context;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Route;
import java.util.List;
import java.util.Locale;

/**
 * Serves the dashboard: the shell page at {@code /} and at every {@code /ui/<page path>} (the app
 * routes by the path in the browser), its files under {@code /ui/assets/<content hash>/}.
 *
 * <p>These paths are open (the login happens in the app, against {@code /auth/login}) and are no
 * part of the API: they are not in {@code api.Routes} or {@code openapi.yaml}, but they are served by
 * the same server behind the same edge guards and rate limits. The shell is revalidated on every
 * load ({@code no-cache} with an ETag); the assets are immutable for a year, gzip-compressed when
 * the browser takes it. Every answer forbids inline scripts and styles, plugins, framing and
 * {@code <base>} ({@link #CONTENT_SECURITY_POLICY}), and sends no referrer.
 */
public final class UiApi {
    /**
     * Scripts and styles only from Vigil's own files, data only from its own API; no inline code, no
     * plugin, no framing, no {@code <base>}, no form posted anywhere (the login is a fetch).
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    private static final String ASSETS = "assets";

    private final UiFiles files;
    private final String shellTag;

    public UiApi(UiFiles files) {
        this.files = files;
        this.shellTag = "\"" + files.hash() + "\"";
    }

    /** The dashboard's routes, to be served beside the API's (and not listed with them). */
    public List<Route> routes() {
        return List.of(
                get("/", PUBLIC, this::shell),
                get("/ui", PUBLIC, this::shell),
                get("/ui/<path>", PUBLIC, this::underUi));
    }

    /** The shell page: any path the app knows, or shows as "not found" itself. */
    void shell(Context ctx) {
        secured(ctx).header("Cache-Control", REVALIDATE).header("ETag", shellTag);
        if (shellTag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        send(ctx, files.shell());
    }

    /** {@code /ui/assets/<hash>/<file>} is a file; any other path under {@code /ui/} is a page of the app. */
    void underUi(Context ctx) {
        String path = ctx.pathParam("path");
        if (!path.equals(ASSETS) && !path.startsWith(ASSETS + "/")) {
            shell(ctx);
            return;
        }
        String rest = path.substring(ASSETS.length());
        String prefix = "/" + files.hash() + "/";
        if (!rest.startsWith(prefix)) {
            throw VigilException.notFound(rest.length() > 1 && rest.indexOf('/', 1) > 0
                    ? "this dashboard file belongs to another version of Vigil: reload the page"
                    : "no such dashboard file");
        }
        UiFile file = files.asset(rest.substring(prefix.length()))
                .orElseThrow(() -> VigilException.notFound("no such dashboard file"));
        secured(ctx).header("Cache-Control", IMMUTABLE);
        send(ctx, file);
    }

    private static Context secured(Context ctx) {
        return ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .header("X-Frame-Options", "DENY");
    }

    private static void send(Context ctx, UiFile file) {
        ctx.contentType(file.contentType());
        if (!file.compressible()) {
            ctx.result(file.bytes());
            return;
        }
        ctx.header("Vary", "Accept-Encoding");
        if (acceptsGzip(ctx.header("Accept-Encoding"))) {
            ctx.header("Content-Encoding", "gzip").result(file.gzipped());
        } else {
            ctx.result(file.bytes());
        }
    }

    /** Whether an {@code Accept-Encoding} header takes gzip: named (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals("gzip") || name.equals("x-gzip") || name.equals("*")) {
                return !refused(parts);
            }
        }
        return false;
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim()) <= 0;
                } catch (NumberFormatException e) {
                    return true; // an unreadable weight: take the plain bytes, which every client reads
                }
            }
        }
        return false;
    }
}

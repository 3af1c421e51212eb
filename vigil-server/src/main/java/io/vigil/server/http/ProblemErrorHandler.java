package io.vigil.server.http;

import io.vigil.server.core.VigilException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error handler, for the server and for Javalin's servlet context: what Jetty refuses by
 * itself (a malformed request line, path or header, a URI or headers over the limit, a bad
 * WebSocket upgrade) is answered with a problem document in the caller's terms, like everything else.
 * No answer to a request is a 5xx unless the server itself failed: Jetty's 501 and 505 (a transfer
 * coding or HTTP version it does not speak) are the caller's mistake here, so they become 400.
 */
final class ProblemErrorHandler implements Request.Handler {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");

    // the path Jetty gives a request whose request line it could not parse
    private static final java.util.Set<String> JETTY_PLACEHOLDERS = java.util.Set.of("/badMessage", "/badRequest");

    private final List<String> webSocketPaths;
    private final EdgeSettings limits;

    ProblemErrorHandler(List<String> webSocketPaths, EdgeSettings limits) {
        this.webSocketPaths = List.copyOf(webSocketPaths);
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String s ? s : null;
        Throwable cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        if (cause instanceof HttpException http) {
            status = http.getCode();
            reason = http.getReason();
            if (cause.getCause() != null && (reason == null || reason.equals(HttpStatus.getMessage(status)))) {
                reason = cause.getCause().getMessage(); // "Bad Request" says nothing; the parser's own failure may
            }
        }
        ApiException problem = describe(status, reason, request, RequestIds.of(request, response));
        if (problem.status() >= 500) {
            log.atError().setCause(cause).addKeyValue("method", request.getMethod()).addKeyValue("status", problem.status())
                    .log("request failed inside the HTTP server");
        } else {
            log.atInfo().addKeyValue("method", request.getMethod()).addKeyValue("status", problem.status())
                    .addKeyValue("reason", reason).log("request refused before routing");
        }
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        Problems.write(request, response, callback, problem, problem.status() == 400 || problem.status() >= 413,
                JETTY_PLACEHOLDERS.contains(path) ? null : path);
        return true;
    }

    private ApiException describe(int status, String reason, Request request, String requestId) {
        String said = Problems.callerSafe(reason);
        if (isWebSocketUpgrade(request)) {
            if (status == 404) {
                return ErrorMapper.problemOf(VigilException.notFound("no WebSocket endpoint at " + request.getHttpURI().getPath()
                        + "; the WebSocket endpoints are " + webSocketPaths));
            }
            if (status < 500) {
                return ErrorMapper.problemOf(VigilException.badRequest("bad WebSocket upgrade" + (status == 405 || said == null ? "" : " (" + said + ")")
                        + ": send GET with the headers Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13"
                        + " and a Sec-WebSocket-Key of 16 random bytes in base64"));
            }
        }
        return switch (status) {
            case 400 -> ErrorMapper.problemOf(VigilException.badRequest(malformed(said)));
            case 408 -> new ApiException(408, "Request timeout", "the request did not arrive in time");
            case 413 -> ErrorMapper.problemOf(VigilException.tooLarge("the request body is too large"));
            case 414 -> new ApiException(414, "URI too long", "the request URI is longer than the limit of "
                    + Math.min(limits.maxUriLength(), limits.maxHeaderBytes()) + " characters (server.maxUriLength, VIGIL_MAX_URI_LENGTH);"
                    + " send long inputs in the request body");
            case 426 -> new ApiException(426, "Upgrade required", "this server speaks HTTP/1.1; send the request as HTTP/1.1");
            case 431 -> new ApiException(431, "Request header fields too large", "the request line and headers are larger than the limit"
                    + " of " + limits.maxHeaderBytes() + " bytes (server.maxHeaderBytes, VIGIL_MAX_HEADER_BYTES)");
            case 501 -> ErrorMapper.problemOf(VigilException.badRequest("the request uses a transfer coding this server does not accept"
                    + (said == null ? "" : " (" + said + ")") + "; send the body with a Content-Length or as chunked"));
            case 505 -> ErrorMapper.problemOf(VigilException.badRequest("the HTTP version is not supported"
                    + (said == null ? "" : " (" + said + ")") + "; use HTTP/1.1"));
            default -> status >= 500
                    ? new ApiException(status, title(status), "The server could not handle the request; quote request id "
                            + requestId + " when reporting it.")
                    : new ApiException(status, title(status), said != null ? said : title(status));
        };
    }

    /** Jetty's reason for a 400, put so that the caller knows what to fix. */
    private static String malformed(String reason) {
        if (reason == null) {
            return "the request is malformed";
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("path") || r.contains("uri") || r.contains("utf") || r.contains("encoding") && !r.contains("transfer")
                || r.contains("character") || r.contains("utf16")) {
            return "the request line or its path is malformed (" + reason + "): a path may hold only URI characters;"
                    + " write spaces, braces, backslashes, '%' and non-ASCII characters as %XX escapes of their UTF-8 bytes";
        }
        if (r.contains("content-length") || r.contains("transfer-encoding") || r.contains("chunk") || r.contains("eof")) {
            return "the request body or its framing is malformed (" + reason + ")";
        }
        return "the request is malformed (" + reason + ")";
    }

    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return request.getHeaders().contains(HttpHeader.SEC_WEBSOCKET_VERSION)
                || upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static String title(int status) {
        String message = HttpStatus.getMessage(status);
        return message == null ? "Error" : message.charAt(0) + message.substring(1).toLowerCase(Locale.ROOT);
    }
}

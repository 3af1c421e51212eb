package io.vigil.server.outbound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

/**
 * A real HTTP(S) server on a loopback address (the JDK's), standing for an internal service an
 * attacker would like Vigil to call: it records every request that reaches it, so a test can prove
 * that a refused call never arrived.
 */
final class LoopbackServer implements AutoCloseable {
    /** What one request looked like on arrival. */
    record Seen(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.substring(0, 1).toUpperCase() + name.substring(1).toLowerCase());
            return values == null ? null : values.get(0);
        }
    }

    /** Answers one request. */
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> sniNames;

    private LoopbackServer(HttpServer server, Handler handler, List<String> sniNames) {
        this.server = server;
        this.sniNames = sniNames;
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                // the client went away (a cap or a deadline): nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    static LoopbackServer http(String address, Handler handler) throws IOException {
        return new LoopbackServer(HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0), handler, List.of());
    }

    static LoopbackServer http(Handler handler) throws IOException {
        return http("127.0.0.1", handler);
    }

    /** An HTTPS server with the given TLS context; it records the SNI name each handshake asked for. */
    static LoopbackServer https(SSLContext tls, Handler handler) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> names = new CopyOnWriteArrayList<>();
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        names.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        return new LoopbackServer(server, handler, names);
    }

    /** The SNI host names the TLS handshakes asked for. */
    List<String> sni() {
        return List.copyOf(sniNames);
    }

    int port() {
        return server.getAddress().getPort();
    }

    int hits() {
        return seen.size();
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

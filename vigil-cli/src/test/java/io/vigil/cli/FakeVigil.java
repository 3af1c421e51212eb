package io.vigil.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in Vigil server for CLI tests: answers canned JSON per "METHOD /path", problem+json 404
 * for anything else (like the real one), and records every request it received.
 */
public final class FakeVigil implements AutoCloseable {

    /** A request as received: method, path, raw query (or null), headers, body bytes. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** Writes the answer to one request. */
    @FunctionalInterface
    public interface Responder {
        void respond(Received request, HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();

    public FakeVigil() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} with {@code status} and a JSON body (none when null). */
    public FakeVigil on(String method, String path, int status, String json) {
        return on(method, path, (request, exchange) -> send(exchange, status, "application/json", json));
    }

    public FakeVigil on(String method, String path, Responder responder) {
        routes.put(method + " " + path, responder);
        return this;
    }

    /** Answers with an RFC 7807 problem document, like the real server's errors. */
    public FakeVigil problem(String method, String path, int status, String detail, String errorsJson) {
        String body = "{\"type\":\"https://vigil.dev/problems/x\",\"title\":\"Problem\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"" + (errorsJson == null ? "" : ",\"errors\":" + errorsJson) + "}";
        return on(method, path, (request, exchange) -> send(exchange, status, "application/problem+json", body));
    }

    /** The last request to {@code method path}. */
    public Received last(String method, String path) {
        for (int i = received.size() - 1; i >= 0; i--) {
            Received r = received.get(i);
            if (r.method().equals(method) && r.path().equals(path)) return r;
        }
        throw new AssertionError("no " + method + " " + path + " received; got " + received.stream().map(r -> r.method() + " " + r.path()).toList());
    }

    public long count(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(request);
            Responder responder = routes.get(request.method() + " " + request.path());
            if (responder == null) {
                send(exchange, 404, "application/problem+json",
                        "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no route " + request.method() + " " + request.path() + "\"}");
            } else {
                responder.respond(request, exchange);
            }
        } catch (Exception e) {
            e.printStackTrace();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

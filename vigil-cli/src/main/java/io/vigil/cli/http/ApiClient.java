package io.vigil.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The Vigil HTTP API as the CLI uses it: JSON in, JSON out, problem documents as {@link ServerError},
 * every request with the client's {@link Credentials}.
 */
public final class ApiClient {
    private static final String JSON = "application/json";

    private final URI base;
    private final HttpClient http;
    private final Credentials credentials;

    public ApiClient(URI base) {
        this(base, Credentials.NONE);
    }

    public ApiClient(URI base, Credentials credentials) {
        this.base = base;
        this.credentials = credentials;
        // HTTP/1.1: no h2c upgrade dance on uploads and event streams
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public URI base() {
        return base;
    }

    public ApiResponse get(Query pathAndQuery) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        return send(request(pathAndQuery).GET());
    }

    public ApiResponse delete(Query path) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** PATCH with a JSON body (the value serialized). */
    public ApiResponse patch(Query path, Object body) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        return send(request(path).header("Content-Type", JSON).method("PATCH", BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)));
    }

    /** PUT with a JSON body (the value serialized). */
    public ApiResponse put(Query path, Object body) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        return send(request(path).header("Content-Type", JSON).PUT(BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)));
    }

    /** POST with a JSON body (the value serialized), or an empty one when {@code body} is null. */
    public ApiResponse post(Query path, Object body) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        BodyPublisher publisher = body == null ? BodyPublishers.noBody()
                : BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8);
        return send(request(path).header("Content-Type", JSON).POST(publisher));
    }

    public ApiResponse upload(Query path, MultipartBody form, String fileField, Path file)
            throws ServerError, ServerUnreachable, IOException, InterruptedException {
        return send(request(path).header("Content-Type", form.contentType()).POST(form.publisher(fileField, file)));
    }

    /** Opens a Server-Sent Events stream; the caller reads (and closes) the body. */
    public InputStream openEventStream(Query pathAndQuery) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        return open(pathAndQuery, "text/event-stream");
    }

    /**
     * Saves a body (a dataset's bytes) to {@code target}, through a temporary file beside it so
     * that a failed transfer leaves no partial file; answers the byte count.
     */
    public long download(Query path, Path target) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        Path absolute = target.toAbsolutePath();
        Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
        try (InputStream in = open(path, "*/*")) {
            long bytes = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private InputStream open(Query pathAndQuery, String accept) throws ServerError, ServerUnreachable, IOException, InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(resolve(pathAndQuery)).header("Accept", accept).GET()).build();
        HttpResponse<InputStream> response = exchange(request, BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw ServerError.from(response.statusCode(), body);
        }
        return response.body();
    }

    private HttpRequest.Builder request(Query pathAndQuery) throws IOException, InterruptedException {
        return authorized(HttpRequest.newBuilder(resolve(pathAndQuery)).header("Accept", JSON));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) throws IOException, InterruptedException {
        String[] header = credentials.header();
        return header == null ? request : request.header(header[0], header[1]);
    }

    private URI resolve(Query pathAndQuery) {
        return URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery);
    }

    private ApiResponse send(HttpRequest.Builder request)
            throws ServerError, ServerUnreachable, IOException, InterruptedException {
        HttpResponse<String> response = exchange(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 300) throw ServerError.from(response.statusCode(), response.body());
        return new ApiResponse(response.statusCode(), response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws ServerUnreachable, IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ServerUnreachable(base, e);
        }
    }
}

package io.vigil.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI description and Swagger UI over it. */
public final class DocsApi {
    public static final String OPENAPI_RESOURCE = "/openapi.yaml";
    private final byte[] openApi;
    private final byte[] docsPage;

    public DocsApi() {
        this.openApi = resource(OPENAPI_RESOURCE);
        this.docsPage = resource("/docs/index.html");
    }

    public void openApi(Context ctx) {
        ctx.contentType("application/yaml").result(openApi);
    }

    public void docs(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(docsPage);
    }

    static byte[] resource(String name) {
        try (InputStream in = DocsApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

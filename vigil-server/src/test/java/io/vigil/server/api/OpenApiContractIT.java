package io.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.server.http.Route;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code openapi.yaml} describes exactly the routes the server has, with the same roles. */
class OpenApiContractIT {
    static TestServer server;
    static JsonNode spec;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        Response r = server.http().get("/openapi.yaml");
        assertThat(r.status()).isEqualTo(200);
        spec = new ObjectMapper(new YAMLFactory()).readTree(r.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteIsDescribedAndEveryDescriptionIsARoute() {
        Set<String> routes = new TreeSet<>();
        for (Route route : server.routes()) {
            routes.add(route.method().name() + " " + route.path() + " " + route.access().wire());
        }
        Set<String> described = new TreeSet<>();
        for (Iterator<String> paths = spec.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            JsonNode item = spec.get("paths").get(path);
            for (Iterator<String> methods = item.fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    JsonNode op = item.get(method);
                    described.add(method.toUpperCase(Locale.ROOT) + " " + path + " " + op.path("x-vigil-access").asText("NONE"));
                }
            }
        }
        assertThat(described).isEqualTo(routes);
    }

    @Test
    void everyOperationHasAnIdAndDocumentedResponses() {
        Set<String> ids = new TreeSet<>();
        spec.get("paths").forEach(item -> item.fields().forEachRemaining(e -> {
            if (e.getValue().has("responses")) {
                assertThat(ids.add(e.getValue().get("operationId").asText())).as("unique operationId").isTrue();
                assertThat(e.getValue().get("responses").size()).isPositive();
            }
        }));
    }

    @Test
    void swaggerUiIsServed() {
        Response docs = server.http().get("/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.text()).contains("swagger-ui").contains("/openapi.yaml");
        String script = docs.text().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        assertThat(server.http().get(script).status()).as(script).isEqualTo(200);
    }
}

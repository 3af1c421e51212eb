package io.vigil.server.api;

import static io.vigil.server.http.Role.ANALYST;
import static io.vigil.server.http.Role.DATA_SCIENTIST;
import static io.vigil.server.http.Role.PUBLIC;
import static io.vigil.server.http.Route.delete;
import static io.vigil.server.http.Route.get;
import static io.vigil.server.http.Route.post;

import io.vigil.server.datasets.DatasetsApi;
import io.vigil.server.http.Route;
import java.util.List;

/**
 * Every route of the API, with the role it needs. This table is the API: {@code openapi.yaml}
 * must describe exactly these (a test compares them).
 */
public final class Routes {
    private Routes() {}

    public static List<Route> all(HealthApi health, DocsApi docs, DatasetsApi datasets) {
        return List.of(
                get("/health", PUBLIC, health::health),
                get("/ready", PUBLIC, health::ready),
                get("/openapi.yaml", PUBLIC, docs::openApi),
                get("/docs", PUBLIC, docs::docs),

                post("/ml/datasets/upload", DATA_SCIENTIST, datasets::upload),
                post("/ml/datasets", DATA_SCIENTIST, datasets::upload),
                get("/ml/datasets", ANALYST, datasets::list),
                get("/ml/datasets/{id}", ANALYST, datasets::get),
                get("/ml/datasets/{id}/preview", ANALYST, datasets::preview),
                get("/ml/datasets/{id}/download", ANALYST, datasets::download),
                get("/ml/datasets/{id}/stats", ANALYST, datasets::stats),
                get("/ml/datasets/{id}/statistics", ANALYST, datasets::stats),
                delete("/ml/datasets/{id}", DATA_SCIENTIST, datasets::delete));
    }
}

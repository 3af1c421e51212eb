package io.vigil.server.api;

import static io.vigil.server.http.Role.ANALYST;
import static io.vigil.server.http.Role.DATA_SCIENTIST;
import static io.vigil.server.http.Role.PUBLIC;
import static io.vigil.server.http.Role.SERVICE;
import static io.vigil.server.http.Route.delete;
import static io.vigil.server.http.Route.get;
import static io.vigil.server.http.Route.patch;
import static io.vigil.server.http.Route.post;
import static io.vigil.server.http.Route.put;
import static io.vigil.server.http.Route.sse;
import static io.vigil.server.http.Route.webSocket;

import io.vigil.server.datasets.DatasetsApi;
import io.vigil.server.events.EventsApi;
import io.vigil.server.http.Route;
import io.vigil.server.jobs.JobsApi;
import io.vigil.server.models.ModelsApi;
import io.vigil.server.serving.api.InferenceProtocolApi;
import io.vigil.server.serving.api.PredictionsApi;
import java.util.List;

/**
 * Every route of the API, with the role it needs. This table is the API: {@code openapi.yaml}
 * must describe exactly these (a test compares them).
 */
public final class Routes {
    private Routes() {}

    public static List<Route> all(HealthApi health, DocsApi docs, DatasetsApi datasets, ModelsApi models, JobsApi jobs,
                                  EventsApi events, PredictionsApi predictions, AlgorithmsApi algorithms) {
        InferenceProtocolApi v2 = predictions.inferenceProtocol();
        return List.of(
                get("/health", PUBLIC, health::health).highVolume(),
                get("/ready", PUBLIC, health::ready).highVolume(),
                get("/openapi.yaml", PUBLIC, docs::openApi),
                get("/docs", PUBLIC, docs::docs),

                post("/ml/datasets/upload", DATA_SCIENTIST, datasets::upload).upload(),
                post("/ml/datasets", DATA_SCIENTIST, datasets::upload).upload(),
                post("/ml/datasets/concat", DATA_SCIENTIST, datasets::concat),
                get("/ml/datasets", ANALYST, datasets::list),
                get("/ml/datasets/{id}", ANALYST, datasets::get),
                get("/ml/datasets/{id}/preview", ANALYST, datasets::preview),
                get("/ml/datasets/{id}/download", ANALYST, datasets::download),
                get("/ml/datasets/{id}/stats", ANALYST, datasets::stats),
                get("/ml/datasets/{id}/statistics", ANALYST, datasets::stats),
                delete("/ml/datasets/{id}", DATA_SCIENTIST, datasets::delete),

                get("/ml/algorithms", ANALYST, algorithms::list),
                post("/ml/models", DATA_SCIENTIST, models::create),
                get("/ml/models", ANALYST, models::list),
                get("/ml/models/{id}", ANALYST, models::get),
                put("/ml/models/{id}", DATA_SCIENTIST, models::update),
                delete("/ml/models/{id}", DATA_SCIENTIST, models::delete),
                post("/ml/models/{id}/train", DATA_SCIENTIST, models::train),
                get("/ml/models/{id}/status", ANALYST, models::status),
                get("/ml/models/{id}/training-jobs", ANALYST, models::trainingJobs),
                get("/ml/models/{id}/versions", ANALYST, models::versions),
                get("/ml/models/{id}/versions/{version}", ANALYST, models::version),
                get("/ml/models/{id}/versions/{version}/inputs", ANALYST, models::inputs),
                get("/ml/models/{id}/artifacts", ANALYST, models::artifacts),
                post("/ml/models/{id}/validate", DATA_SCIENTIST, models::validate),
                post("/ml/models/{id}/deploy", DATA_SCIENTIST, models::deploy),
                post("/ml/models/{id}/rollback", DATA_SCIENTIST, models::rollback),
                post("/ml/models/{id}/retire", DATA_SCIENTIST, models::retire),
                get("/ml/models/{id}/deployments", ANALYST, models::deployments),

                post("/ml/predict", SERVICE, predictions::predict).highVolume(),
                post("/ml/models/{id}/predict", SERVICE, predictions::predictWithModel).highVolume(),
                post("/ml/models/{id}/batch-predict", SERVICE, predictions::batchPredict).highVolume(),
                get("/ml/serving/stats", ANALYST, predictions::stats),

                // Open Inference Protocol v2 (KServe / Triton REST)
                get("/v2/health/live", PUBLIC, v2::live).highVolume(),
                get("/v2/health/ready", PUBLIC, health::readyV2).highVolume(),
                get("/v2", PUBLIC, v2::serverMetadata),
                get("/v2/models/{name}", SERVICE, v2::metadata),
                get("/v2/models/{name}/ready", SERVICE, v2::modelReady),
                post("/v2/models/{name}/infer", SERVICE, v2::infer).highVolume(),
                get("/v2/models/{name}/versions/{version}", SERVICE, v2::metadata),
                get("/v2/models/{name}/versions/{version}/ready", SERVICE, v2::modelReady),
                post("/v2/models/{name}/versions/{version}/infer", SERVICE, v2::infer).highVolume(),

                get("/ml/jobs", ANALYST, jobs::list),
                get("/ml/jobs/{id}", ANALYST, jobs::get),
                patch("/ml/jobs/{id}", DATA_SCIENTIST, jobs::update),
                post("/ml/jobs/{id}/cancel", DATA_SCIENTIST, jobs::cancel),
                get("/ml/jobs/{id}/logs", ANALYST, jobs::logs),

                sse("/ml/events", ANALYST, events::check, events::sse),
                webSocket("/ml/ws", ANALYST, events::ws));
    }
}

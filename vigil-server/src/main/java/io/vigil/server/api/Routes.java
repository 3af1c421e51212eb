package io.vigil.server.api;

import static io.vigil.server.auth.Access.ADMIN;
import static io.vigil.server.auth.Access.CHANGE;
import static io.vigil.server.auth.Access.DATA;
import static io.vigil.server.auth.Access.IDENTIFIED;
import static io.vigil.server.auth.Access.PREDICT;
import static io.vigil.server.auth.Access.PUBLIC;
import static io.vigil.server.auth.Access.READ;
import static io.vigil.server.auth.Access.TRIAGE;
import static io.vigil.server.http.Route.delete;
import static io.vigil.server.http.Route.get;
import static io.vigil.server.http.Route.patch;
import static io.vigil.server.http.Route.post;
import static io.vigil.server.http.Route.put;
import static io.vigil.server.http.Route.sse;
import static io.vigil.server.http.Route.webSocket;

import io.vigil.server.anomaly.AnomalyApi;
import io.vigil.server.anomaly.AssetMonitoring;
import io.vigil.server.assets.AssetsApi;
import io.vigil.server.audit.AuditApi;
import io.vigil.server.auth.AuthApi;
import io.vigil.server.datasets.DatasetsApi;
import io.vigil.server.events.EventsApi;
import io.vigil.server.featurestore.FeatureStoreApi;
import io.vigil.server.http.Dialect;
import io.vigil.server.http.Route;
import io.vigil.server.jobs.JobsApi;
import io.vigil.server.models.ModelsApi;
import io.vigil.server.monitoring.MonitoringApis;
import io.vigil.server.monitoring.alerts.AlertsApi;
import io.vigil.server.monitoring.health.ModelHealthApi;
import io.vigil.server.monitoring.metrics.PrometheusApi;
import io.vigil.server.monitoring.alerts.channels.ChannelsApi;
import io.vigil.server.monitoring.drift.DriftApi;
import io.vigil.server.monitoring.experiments.ExperimentsApi;
import io.vigil.server.monitoring.feedback.FeedbackApi;
import io.vigil.server.monitoring.live.LiveMetricsApi;
import io.vigil.server.monitoring.retention.RetentionApi;
import io.vigil.server.monitoring.retraining.RetrainingApi;
import io.vigil.server.detections.EventSearchApi;
import io.vigil.server.incidents.IncidentsApi;
import io.vigil.server.securityevents.SecurityEventsApi;
import io.vigil.server.serving.api.InferenceProtocolApi;
import io.vigil.server.serving.api.PredictionsApi;
import io.vigil.server.settings.SettingsApi;
import java.util.List;
import java.util.Map;

/**
 * Every route of the API, with the access it needs; which roles have each access is
 * {@code auth.Permissions}' table, and the HTTP layer enforces it on every request. This table is
 * the API: {@code openapi.yaml} must describe exactly these, and the role matrix test must expect
 * each one (tests compare them).
 */
public final class Routes {
    private Routes() {}

    public static List<Route> all(HealthApi health, DocsApi docs, DatasetsApi datasets, ModelsApi models, JobsApi jobs,
                                  EventsApi events, PredictionsApi predictions, AlgorithmsApi algorithms, AuthApi auth,
                                  AuditApi audit, PrometheusApi prometheus, MonitoringApis monitoring, AssetMonitoring.Apis assetApis,
                                  SecurityEventsApi securityEvents, EventSearchApi eventSearch, IncidentsApi incidents, FeatureStoreApi features,
                                  SettingsApi settings, io.vigil.server.streams.StreamsApi streams) {
        AssetsApi assets = assetApis.assets();
        AnomalyApi anomaly = assetApis.anomaly();
        DriftApi drift = monitoring.drift();
        FeedbackApi feedback = monitoring.feedback();
        LiveMetricsApi liveMetrics = monitoring.liveMetrics();
        RetentionApi retention = monitoring.retention();
        RetrainingApi retraining = monitoring.retraining();
        ChannelsApi alertChannels = monitoring.alertChannels();
        ExperimentsApi experiments = monitoring.experiments();
        AlertsApi alerts = monitoring.alerts();
        ModelHealthApi modelHealth = monitoring.modelHealth();
        InferenceProtocolApi v2 = predictions.inferenceProtocol();
        Dialect pipeline = PipelineServiceNames.DIALECT;
        Dialect monitoringService = Dialect.snakeCase(Map.of());
        return List.of(
                get("/health", PUBLIC, health::health).highVolume(),
                get("/ready", PUBLIC, health::ready).highVolume(),
                get("/metrics", prometheus.access(), prometheus::scrape), // open by default (metrics.public)
                get("/openapi.yaml", PUBLIC, docs::openApi),
                get("/docs", PUBLIC, docs::docs),

                post("/auth/login", PUBLIC, auth::login),
                post("/auth/refresh", PUBLIC, auth::refresh),
                post("/auth/logout", PUBLIC, auth::logout),
                get("/auth/me", IDENTIFIED, auth::me),
                post("/auth/keys", ADMIN, auth::createKey),
                get("/auth/keys", ADMIN, auth::listKeys),
                delete("/auth/keys/{id}", ADMIN, auth::revokeKey),
                post("/auth/users", ADMIN, auth::createUser),
                get("/auth/users", ADMIN, auth::listUsers),
                get("/auth/users/{id}", ADMIN, auth::getUser),
                patch("/auth/users/{id}", ADMIN, auth::changeUser),
                post("/auth/users/{id}/password", ADMIN, auth::resetPassword),
                get("/ml/audit", ADMIN, audit::list),

                post("/ml/datasets/upload", DATA, datasets::upload).upload(),
                post("/ml/datasets", DATA, datasets::upload).upload(),
                post("/ml/datasets/concat", DATA, datasets::concat),
                post("/ml/datasets/uploads", DATA, datasets.transfers()::start),
                post("/ml/datasets/uploads/{uploadId}", DATA, datasets.transfers()::register).upload(),
                get("/ml/datasets", DATA, datasets::list),
                get("/ml/datasets/{id}", DATA, datasets::get),
                get("/ml/datasets/{id}/preview", DATA, datasets::preview),
                get("/ml/datasets/{id}/download", DATA, datasets.transfers()::download),
                get("/ml/datasets/{id}/stats", DATA, datasets::stats),
                get("/ml/datasets/{id}/statistics", DATA, datasets::stats),
                delete("/ml/datasets/{id}", DATA, datasets::delete),

                get("/ml/algorithms", READ, algorithms::list),
                post("/ml/models", CHANGE, models::create),
                get("/ml/models", READ, models::list),
                get("/ml/models/{id}", READ, models::get),
                put("/ml/models/{id}", CHANGE, models::update),
                delete("/ml/models/{id}", CHANGE, models::delete),
                post("/ml/models/{id}/train", CHANGE, models::train),
                get("/ml/models/{id}/status", READ, models::status),
                get("/ml/models/{id}/training-jobs", READ, models::trainingJobs),
                get("/ml/models/{id}/training-jobs/{jobId}", READ, models::trainingJob),
                get("/ml/models/{id}/versions", READ, models::versions),
                get("/ml/models/{id}/versions/{version}", READ, models::version),
                get("/ml/models/{id}/versions/{version}/inputs", READ, models::inputs),
                get("/ml/models/{id}/versions/{version}/export", DATA, models::export),
                post("/ml/models/{id}/versions/import", CHANGE, models::importVersion).upload(),
                get("/ml/models/{id}/artifacts", READ, models::artifacts),
                post("/ml/models/{id}/validate", CHANGE, models::validate),
                post("/ml/models/{id}/deploy", CHANGE, models::deploy),
                post("/ml/models/{id}/rollback", CHANGE, models::rollback),
                post("/ml/models/{id}/retire", CHANGE, models::retire),
                get("/ml/models/{id}/deployments", READ, models::deployments),
                get("/ml/models/{id}/drift", READ, drift::drift),
                get("/ml/models/{id}/drift/settings", READ, drift::settings),
                put("/ml/models/{id}/drift/settings", CHANGE, drift::changeSettings),
                get("/ml/models/{id}/metrics", READ, liveMetrics::ofModel),
                get("/ml/models/{id}/retention", READ, retention::get),
                put("/ml/models/{id}/retention", CHANGE, retention::set),
                get("/ml/models/{id}/retraining", READ, retraining::policy),
                put("/ml/models/{id}/retraining", CHANGE, retraining::setPolicy),
                get("/ml/models/{id}/retraining/history", READ, retraining::history),
                post("/ml/models/{id}/retraining/run", CHANGE, retraining::run),
                get("/ml/models/{id}/health", READ, modelHealth::health),
                get("/ml/models/{id}/alerts", READ, alerts::ofModel),
                get("/ml/health", READ, modelHealth::overview),

                // the pipeline service's API as its README writes it: the same handlers, its field names at the edge
                post("/api/v1/models", CHANGE, pipeline.speaking(models::create)),
                get("/api/v1/models", READ, pipeline.speaking(models::list)),
                get("/api/v1/models/{id}", READ, pipeline.speaking(models::get)),
                post("/api/v1/models/{id}/train", CHANGE, pipeline.speaking(models::train)),
                get("/api/v1/models/{id}/training-jobs", READ, pipeline.speaking(models::trainingJobs)),
                get("/api/v1/models/{id}/training-jobs/{jobId}", READ, pipeline.speaking(models::trainingJob)),
                post("/api/v1/models/{id}/deploy", CHANGE, pipeline.speaking(models::deployValidatingOnHeldOut)),
                get("/api/v1/models/{id}/deployments", READ, pipeline.speaking(models::deployments)),
                post("/api/v1/models/{id}/predict", PREDICT, pipeline.speaking(predictions::predictWithModel)).highVolume(),
                post("/api/v1/models/{id}/batch-predict", PREDICT, pipeline.speaking(predictions::batchPredict)).highVolume(),
                get("/api/v1/models/{id}/metrics", READ, pipeline.speaking(liveMetrics::ofModel)),
                get("/api/v1/models/{id}/health", READ, pipeline.speaking(modelHealth::health)),
                get("/api/v1/models/{id}/drift", READ, pipeline.speaking(drift::drift)),
                get("/api/v1/models/{id}/alerts", READ, pipeline.speaking(alerts::ofModel)),
                get("/api/v1/monitoring/health", READ, pipeline.speaking(modelHealth::overview)),

                post("/ml/predict", PREDICT, predictions::predict).highVolume(),
                post("/ml/models/{id}/predict", PREDICT, predictions::predictWithModel).highVolume(),
                post("/ml/models/{id}/batch-predict", PREDICT, predictions::batchPredict).highVolume(),
                get("/ml/serving/stats", READ, predictions::stats),
                // Kafka stream scoring: each stream's state, lag, rate and errors on the answering instance
                get("/ml/streams", READ, streams::list),
                get("/ml/streams/{name}", READ, streams::get),
                post("/ml/feedback", PREDICT, feedback::submit),
                get("/ml/metrics", READ, liveMetrics::ofDeployed),
                post("/ml/experiments", CHANGE, experiments::start),
                get("/ml/experiments", READ, experiments::list),
                get("/ml/experiments/{id}", READ, experiments::get),
                post("/ml/experiments/{id}/stop", CHANGE, experiments::stop),
                post("/ml/experiments/{id}/promote", CHANGE, experiments::promote),

                post("/ml/alerts/channels", CHANGE, alertChannels::create),
                get("/ml/alerts/channels", READ, alertChannels::list),
                get("/ml/alerts/channels/{id}", READ, alertChannels::get),
                put("/ml/alerts/channels/{id}", CHANGE, alertChannels::update),
                delete("/ml/alerts/channels/{id}", CHANGE, alertChannels::delete),
                post("/ml/alerts/channels/{id}/test", CHANGE, alertChannels::test),
                get("/ml/alerts/deliveries", READ, alertChannels::deliveries),

                // alert rules before /ml/alerts/{id}: the first route that matches a path answers it
                get("/ml/alerts/rules", READ, alerts::listRules),
                post("/ml/alerts/rules", CHANGE, alerts::createRule),
                get("/ml/alerts/rules/{id}", READ, alerts::getRule),
                put("/ml/alerts/rules/{id}", CHANGE, alerts::updateRule),
                delete("/ml/alerts/rules/{id}", CHANGE, alerts::deleteRule),
                get("/ml/alerts", READ, alerts::list),
                get("/ml/alerts/{id}", READ, alerts::get),
                // analysts take alerts on and close them (issue 18's role): READ is theirs, and nothing wider
                post("/ml/alerts/{id}/acknowledge", READ, alerts::acknowledge),
                post("/ml/alerts/{id}/resolve", READ, alerts::resolve),

                // Open Inference Protocol v2 (KServe / Triton REST)
                get("/v2/health/live", PUBLIC, v2::live).highVolume(),
                get("/v2/health/ready", PUBLIC, health::readyV2).highVolume(),
                get("/v2", PUBLIC, v2::serverMetadata),
                get("/v2/models/{name}", PREDICT, v2::metadata),
                get("/v2/models/{name}/ready", PREDICT, v2::modelReady),
                post("/v2/models/{name}/infer", PREDICT, v2::infer).highVolume(),
                get("/v2/models/{name}/versions/{version}", PREDICT, v2::metadata),
                get("/v2/models/{name}/versions/{version}/ready", PREDICT, v2::modelReady),
                post("/v2/models/{name}/versions/{version}/infer", PREDICT, v2::infer).highVolume(),

                get("/ml/jobs", READ, jobs::list),
                get("/ml/jobs/{id}", READ, jobs::get),
                patch("/ml/jobs/{id}", CHANGE, jobs::update),
                post("/ml/jobs/{id}/cancel", CHANGE, jobs::cancel),
                get("/ml/jobs/{id}/logs", READ, jobs::logs),

                // the per-asset anomaly service; its /api/v1 paths answer clients of the infrastructure-monitoring
                // service unchanged (its field names: asset_id, metric_name, is_anomaly)
                get("/ml/assets", READ, assets::list),
                get("/ml/assets/{assetId}", READ, assets::get),
                put("/ml/assets/{assetId}", CHANGE, assets::change),
                post("/ml/assets/{assetId}/metrics", PREDICT, assets::ingest).highVolume(),
                get("/ml/assets/{assetId}/metrics", READ, assets::metrics),
                post("/ml/anomaly/train", CHANGE, anomaly::train),
                post("/ml/anomaly/detect", PREDICT, anomaly::detect).highVolume(),
                get("/ml/anomaly/scores/{assetId}", READ, anomaly::scores),
                post("/api/v1/metrics/{assetId}", PREDICT, monitoringService.speaking(assets::ingest)).highVolume(),
                get("/api/v1/metrics/{assetId}", READ, monitoringService.speaking(assets::metrics)),
                post("/api/v1/anomaly/train", CHANGE, monitoringService.speaking(anomaly::train)),
                post("/api/v1/anomaly/detect", PREDICT, monitoringService.speaking(anomaly::detect)).highVolume(),
                get("/api/v1/anomaly/scores/{assetId}", READ, monitoringService.speaking(anomaly::scores)),

                post("/ml/features", CHANGE, features::create),
                get("/ml/features", READ, features::list),
                get("/ml/features/{name}", READ, features::get),
                delete("/ml/features/{name}", CHANGE, features::delete),
                post("/ml/features/{name}/materialise", CHANGE, features::materialise),
                post("/ml/features/{name}/events", PREDICT, features::events).highVolume(),
                get("/ml/features/{name}/entities/{key}", PREDICT, features::entity).highVolume(),

                // runtime settings: anyone who reads may see them; a change is an admin's (it moves every instance at once)
                get("/ml/config", READ, settings::list),
                post("/ml/config/thresholds/sensitivity", ADMIN, settings::sensitivity),
                get("/ml/config/{section}", READ, settings::get),
                put("/ml/config/{section}", ADMIN, settings::change),
                get("/ml/config/{section}/history", READ, settings::history),
                post("/ml/config/{section}/rollback", ADMIN, settings::rollback),

                get("/ml/events", READ, securityEvents::list),
                post("/ml/events", PREDICT, securityEvents::ingest),
                get("/ml/events/counts", READ, securityEvents::counts),
                get("/ml/events/search", READ, eventSearch::search),
                post("/ml/events/similar", READ, eventSearch::similar),
                get("/ml/events/{id}", READ, securityEvents::get),
                get("/ml/incidents", READ, incidents::list),
                get("/ml/incidents/{id}", READ, incidents::get),
                patch("/ml/incidents/{id}", TRIAGE, incidents::update),
                post("/ml/incidents/{id}/notes", TRIAGE, incidents::note),
                get("/ml/incidents/{id}/report", READ, incidents::report),
                sse("/ml/stream", READ, events::check, events::sse),
                webSocket("/ml/ws", READ, events::ws));
    }
}

package io.vigil.server.monitoring;

import io.vigil.server.monitoring.alerts.AlertsApi;
import io.vigil.server.monitoring.alerts.channels.ChannelsApi;
import io.vigil.server.monitoring.drift.DriftApi;
import io.vigil.server.monitoring.experiments.ExperimentsApi;
import io.vigil.server.monitoring.feedback.FeedbackApi;
import io.vigil.server.monitoring.health.ModelHealthApi;
import io.vigil.server.monitoring.live.LiveMetricsApi;
import io.vigil.server.monitoring.retention.RetentionApi;
import io.vigil.server.monitoring.retraining.RetrainingApi;

/** The route handlers of monitoring, as the route table takes them ({@code api.Routes}). */
public record MonitoringApis(DriftApi drift, FeedbackApi feedback, LiveMetricsApi liveMetrics, RetentionApi retention,
                             RetrainingApi retraining, ChannelsApi alertChannels, ExperimentsApi experiments, AlertsApi alerts,
                             ModelHealthApi modelHealth) {}

package io.vigil.server.monitoring;

import io.vigil.server.monitoring.alerts.AlertsConfig;
import io.vigil.server.monitoring.alerts.channels.ChannelSettings;
import io.vigil.server.monitoring.drift.DriftConfig;
import io.vigil.server.monitoring.experiments.ExperimentSettings;
import io.vigil.server.monitoring.retraining.RetrainingSettings;
import io.vigil.server.outbound.OutboundSettings;

/** Monitoring's part of the configuration, as {@link Monitoring} takes it (read from {@code VigilConfig}). */
public record MonitoringConfig(MonitoringSettings live, DriftConfig drift, ChannelSettings alertChannels, OutboundSettings outbound,
                               AlertsConfig alerts, ExperimentSettings experiments, RetrainingSettings retraining) {}

package io.vigil.server.monitoring;

/**
 * What monitoring is configured with.
 *
 * @param retentionDays how long recorded predictions, their feedback and per-minute figures are kept,
 *                      unless a model sets its own ({@code monitoring.retentionDays})
 */
public record MonitoringSettings(int retentionDays) {}

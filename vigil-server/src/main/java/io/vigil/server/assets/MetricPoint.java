package io.vigil.server.assets;

import java.time.Instant;

/** One value of one metric of an asset at one time. */
public record MetricPoint(String metric, Instant at, double value) {}

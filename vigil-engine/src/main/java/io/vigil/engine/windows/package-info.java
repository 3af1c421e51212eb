/**
 * Per-entity window features of event tables: rolling statistics over a time window or the last N
 * events of a host, asset or user, lags, differences, time of day, day of week and seasonal
 * residuals. {@code WindowSpec} says what (checked, every bad field named), {@code WindowFeatures}
 * is it fitted ({@code fit}, {@code transform}), {@code OnlineWindows} keeps it up to date from a
 * live stream with the offline answer.
 */
package io.vigil.engine.windows;

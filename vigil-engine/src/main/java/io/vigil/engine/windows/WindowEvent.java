package io.vigil.engine.windows;

/**
 * One raw event as the online state takes it: its entity's key ({@code null}: none), its time in
 * epoch seconds ({@code NaN}: none) and its value columns in the order of
 * {@link WindowSpec#valueColumns()} (NaN where missing).
 */
public record WindowEvent(String key, double time, double[] values) {
}

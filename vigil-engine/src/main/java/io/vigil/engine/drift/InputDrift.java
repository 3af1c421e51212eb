package io.vigil.engine.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One input's drift over a window (or the predictions'): the method and its threshold, the
 * statistic and, for a test, its p-value, the verdict, and PSI alongside whatever the method.
 *
 * @param kind       {@code numeric} or {@code categorical}
 * @param statistic  the method's statistic: KS D, chi-square, Jensen-Shannon distance, PSI or normed Wasserstein
 * @param pValue     for a test (KS, chi-square); null for a distance
 * @param drifted    the verdict; null when there is not enough data for one
 * @param psi        the population stability index over the same bins or categories, whatever the method
 * @param psiLevel   {@code stable} (below 0.1), {@code moderate} (0.1 to 0.2) or {@code significant} (above 0.2)
 * @param liveValues live rows with a value
 * @param liveMissing live rows without one
 * @param status     {@code drift}, {@code no drift} or {@code not enough data}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputDrift(String name, String kind, DriftMethod method, double threshold, Double statistic, Double pValue,
                         Boolean drifted, Double psi, String psiLevel, long liveValues, long liveMissing, long referenceValues,
                         String status) {
    public static final String DRIFT = "drift";
    public static final String NO_DRIFT = "no drift";
    public static final String NOT_ENOUGH_DATA = "not enough data";
    /** PSI above which a shift is significant (the usual rule of thumb; 0.1 to 0.2 is moderate). */
    public static final double PSI_SIGNIFICANT = 0.2;
    public static final double PSI_MODERATE = 0.1;

    static String psiLevel(double psi) {
        return psi > PSI_SIGNIFICANT ? "significant" : psi >= PSI_MODERATE ? "moderate" : "stable";
    }
}

package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.server.monitoring.metrics.PredictionMeters;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.PredictionLog;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.serving.scoring.ScoringMeters;
import io.vigil.server.testing.TestServer;
import io.vigil.server.testing.TinyModels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

/**
 * What the metrics cost a prediction, measured, not asserted (a shared machine's timing is no
 * test; the figures go to BENCHMARKS.md): the HTTP layer's timer for {@code POST /ml/predict} over
 * the real route table (found from the route the gates matched, then recorded), and the prediction
 * meters (a version's meters found, its class counted, its time recorded), one thread and two; then
 * a whole in-process prediction with and without the meters.
 */
class MetricsCostTest {
    private static final int PREDICTIONS = 200_000;

    @Test
    void theMetersCostAPredictionWellUnderAMicrosecond() throws Exception {
        List<Route> routes;
        try (TestServer server = TestServer.start()) {
            routes = server.routes();
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RouteTemplates table = new RouteTemplates(routes);
        HttpMeters.RouteTimers timers = new HttpMeters(registry).timers(routes);
        Map<String, Object> attributes = new HashMap<>();
        Request request = RateLimitCostTest.request("POST", "/ml/predict", attributes);
        assertThat(table.matchOnce(request).path()).isEqualTo("/ml/predict"); // matched once, as the gates do

        double http = RateLimitCostTest.perRequest(() -> {
            long start = System.nanoTime();
            timers.timer(table.matchOnce(request), "POST", 200).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        Timer timer = timers.timer(table.matchOnce(request), "POST", 200);
        double record = RateLimitCostTest.perRequest(() -> timer.record(12_345, TimeUnit.NANOSECONDS));

        LoadedModel model = tinyModel();
        PredictionMeters meters = new PredictionMeters(registry);
        Runnable metered = () -> {
            ScoringMeters.Version v = meters.of(model);
            v.predicted(1, 1);
            v.scored(23_456, true);
        };
        double prediction = RateLimitCostTest.perRequest(metered);
        double bothThreads = twoThreads(() -> {
            long start = System.nanoTime();
            timers.timer(table.matchOnce(request), "POST", 200).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            metered.run();
        });

        Predictor plain = new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.OFF, Clock.systemUTC());
        Predictor withMeters = new Predictor(new PredictionCache(0, Duration.ZERO), PredictionLog.OFF, Clock.systemUTC(), meters);
        Map<String, Object> record1 = Map.of("a", 0.3, "b", -0.2);
        double[] plainUs = new double[3];
        double[] meteredUs = new double[3];
        for (int round = 0; round < 3; round++) { // alternated, so that the machine's load falls on both alike
            plainUs[round] = predictions(plain, model, record1);
            meteredUs[round] = predictions(withMeters, model, record1);
        }
        System.out.printf("metrics on POST /ml/predict, one thread: HTTP timer found and recorded %.3f us (record alone %.3f us);"
                        + " prediction meters (version found, class counted, time recorded) %.3f us;"
                        + " both, two threads on the same meters %.3f us a request each%n", http, record, prediction, bothThreads);
        System.out.printf("a whole in-process prediction (tiny 20-tree model, no cache, no log), 3 alternated rounds:"
                + " without meters %.3f/%.3f/%.3f us, with %.3f/%.3f/%.3f us%n", plainUs[0], plainUs[1], plainUs[2],
                meteredUs[0], meteredUs[1], meteredUs[2]);
        assertThat(registry.scrape()).contains("vigil_predictions_total{class=\"normal\",model=\"tiny\",version=\"1\"}");
    }

    private static double predictions(Predictor predictor, LoadedModel model, Map<String, Object> record) {
        for (int i = 0; i < PREDICTIONS / 4; i++) {
            predictor.predict(model, record, false, 10);
        }
        long start = System.nanoTime();
        for (int i = 0; i < PREDICTIONS; i++) {
            predictor.predict(model, record, false, 10);
        }
        return (System.nanoTime() - start) / 1e3 / PREDICTIONS;
    }

    /** Microseconds per call with two threads calling at once (the machine's two cores). */
    private static double twoThreads(Runnable r) throws InterruptedException {
        double[] each = new double[2];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int i = t;
            threads.add(new Thread(() -> each[i] = RateLimitCostTest.perRequest(r)));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        return (each[0] + each[1]) / 2;
    }

    private static LoadedModel tinyModel() {
        return LoadedModel.of(new ModelRef(UUID.randomUUID(), "tiny", 1), "intrusion", TinyModels.attackWhenSumPositive(), 1_000, false);
    }
}

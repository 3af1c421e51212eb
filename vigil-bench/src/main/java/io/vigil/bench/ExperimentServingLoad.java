package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.bench.ServingLoad.Api;
import io.vigil.bench.ServingLoad.Driver;
import io.vigil.bench.ServingLoad.Requests;
import io.vigil.bench.ServingLoad.Result;
import io.vigil.engine.datasets.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single-row predictions for a slot on one server (this build), in short steps that alternate
 * between no experiment and a running one (off on, on off, ...): a paired comparison of what
 * routing costs, with the machine's moment shared by each pair. The slot's model has two versions
 * trained alike (100 trees of depth 6 on KDDTrain+, other seeds), so both arms cost the same to
 * score: what differs is the routing. Then the same for shadow mode, where the challenger scores a
 * copy of every prediction on its own thread: the answered rate, and the copies compared and
 * dropped per second (the shadow's throughput).
 *
 * <pre>
 * java -Dvigil.shared.dir=../shared -cp vigil-bench/target/benchmarks.jar io.vigil.bench.ExperimentServingLoad \
 *     [pairs=10] [seconds=5] [concurrency=32] [split=0.5]
 * </pre>
 *
 * A small split (0.01) routes every request (the lookup, the hash, the tagged answer and log record)
 * while nearly all of them still go to one version: the routing's own cost. At 0.5 the two versions
 * share the traffic, and the two forests share the CPU's caches too.
 */
public final class ExperimentServingLoad {
    private ExperimentServingLoad() {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Duration step = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 5);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String split = args.length > 3 ? args[3] : "0.5";
        Path jar = Path.of("vigil-server/target/vigil-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the server first: " + jar + " is missing");
        }
        Process server = ServingLoad.startServer(jar, "1g", Map.of("VIGIL_EXPERIMENTS_EVALUATE_SECONDS", "1",
                "VIGIL_RATE_LIMITS_ENABLED", "false"));
        try {
            Api api = new Api(ServingLoad.baseOf(server));
            api.awaitReady(server);
            String train = api.upload(SharedData.dataset("nsl-kdd/KDDTrain+.txt"));
            String test = api.upload(SharedData.dataset("nsl-kdd/KDDTest+.txt"));
            String model = api.trainAndDeploy("load-gbm", "intrusion", train, test, 100);
            String job = api.json("POST", "/ml/models/" + model + "/train", "{\"datasetId\": \"" + train + "\", \"seed\": 2}").get("id").asText();
            while (List.of("queued", "running").contains(api.json("GET", "/ml/jobs/" + job, null).get("state").asText())) {
                Thread.sleep(500);
            }
            api.json("POST", "/ml/models/" + model + "/validate", "{\"datasetId\": \"" + test + "\", \"version\": 2,"
                    + " \"thresholds\": {\"accuracy\": 0.5}}");
            Requests requests = Requests.json(ServingLoad.singleRowBodies(SharedData.dataset("nsl-kdd/KDDTest+.txt"), 2000))
                    .with("X-API-Key", api.serviceKey());
            String url = ServingLoad.baseOf(server) + "/ml/predict";
            Driver driver = Wrk.available() ? new Wrk() : ServingLoad::drive;
            System.out.println("load generator: " + (driver instanceof Wrk ? "wrk" : "Java HttpClient") + ", " + clients + " clients, "
                    + step.toSeconds() + " s steps, A/B split " + split);
            String ab = "{\"name\": \"load\", \"modelType\": \"intrusion\", \"champion\": {\"modelId\": \"" + model + "\", \"version\": 1},"
                    + " \"challenger\": {\"modelId\": \"" + model + "\", \"version\": 2}, \"split\": " + split + ", \"stickyKey\": \"service\"}";
            String shadow = ab.replace("\"split\": " + split, "\"mode\": \"shadow\"");
            driver.drive(url, requests, 16, Duration.ofSeconds(40), null); // the JIT compiles for about a minute after start
            String warm = start(api, ab);
            driver.drive(url, requests, 16, Duration.ofSeconds(20), null);
            api.json("POST", "/ml/experiments/" + warm + "/stop", null);

            System.out.println("| pair | no experiment /s | A/B running /s | on/off | off p99 ms | on p99 ms |");
            System.out.println("|---|---|---|---|---|---|");
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                Result[] r = pair(api, driver, url, requests, clients, step, ab, i % 2 == 0, null);
                ratios.add(r[1].perSecond() / r[0].perSecond());
                System.out.printf("| %d | %.0f | %.0f | %.3f | %.2f | %.2f |%n", i + 1, r[0].perSecond(), r[1].perSecond(),
                        r[1].perSecond() / r[0].perSecond(), r[0].p99(), r[1].p99());
            }
            summary("A/B running / no experiment", ratios);

            System.out.println("| pair | no experiment /s | shadow running /s | on/off | copies compared /s | copies dropped /s |");
            System.out.println("|---|---|---|---|---|---|");
            List<Double> shadowRatios = new ArrayList<>();
            for (int i = 0; i < Math.max(2, pairs / 2); i++) {
                long[] copies = new long[2];
                Result[] r = pair(api, driver, url, requests, clients, step, shadow, i % 2 == 0, copies);
                shadowRatios.add(r[1].perSecond() / r[0].perSecond());
                System.out.printf("| %d | %.0f | %.0f | %.3f | %.0f | %.0f |%n", i + 1, r[0].perSecond(), r[1].perSecond(),
                        r[1].perSecond() / r[0].perSecond(), copies[0] / (double) step.toSeconds(), copies[1] / (double) step.toSeconds());
            }
            summary("shadow running / no experiment", shadowRatios);
        } finally {
            ServingLoad.stopServer(server);
        }
    }

    /** One step without and one with the experiment {@code body}, in the order given; {off, on}. */
    private static Result[] pair(Api api, Driver driver, String url, Requests requests, int clients, Duration step, String body,
                                 boolean offFirst, long[] copies) throws Exception {
        Result off = null;
        Result on = null;
        for (int k = 0; k < 2; k++) {
            if ((k == 0) == offFirst) {
                off = driver.drive(url, requests, clients, step, null);
            } else {
                String id = start(api, body);
                on = driver.drive(url, requests, clients, step, null);
                if (copies != null) {
                    Thread.sleep(2_500); // the last shadow counts are added at the next evaluation (every second here)
                }
                JsonNode ended = api.json("POST", "/ml/experiments/" + id + "/stop", null);
                if (copies != null) {
                    JsonNode shadow = ended.path("decision").path("figures").path("shadow");
                    copies[0] = shadow.path("compared").asLong();
                    copies[1] = shadow.path("dropped").asLong();
                }
            }
        }
        if (off.errors() > 0 || on.errors() > 0) {
            throw new IllegalStateException("errors: off " + off.errors() + ", on " + on.errors());
        }
        return new Result[] {off, on};
    }

    private static String start(Api api, String body) throws Exception {
        JsonNode e = api.json("POST", "/ml/experiments", body);
        if (!e.has("id")) {
            throw new IllegalStateException("experiment not started: " + e);
        }
        return e.get("id").asText();
    }

    private static void summary(String what, List<Double> ratios) {
        double meanLog = ratios.stream().mapToDouble(Math::log).average().orElseThrow();
        double sd = Math.sqrt(ratios.stream().mapToDouble(r -> Math.pow(Math.log(r) - meanLog, 2)).sum() / Math.max(1, ratios.size() - 1));
        double half = 2 * sd / Math.sqrt(ratios.size());
        System.out.printf("%s over %d pairs: geometric mean %.3f (about 95 %%: %.3f to %.3f)%n", what, ratios.size(), Math.exp(meanLog),
                Math.exp(meanLog - half), Math.exp(meanLog + half));
    }
}

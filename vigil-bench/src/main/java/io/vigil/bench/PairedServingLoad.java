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

/**
 * Single-row predictions against two servers that run side by side, in short steps that alternate
 * between them (A B, B A, A B...): a paired comparison. Each pair of steps shares the machine's
 * moment, so load from elsewhere (a build, a test run, CPU steal) falls on both sides alike, where
 * separate runs minutes apart differ by 20 % or more on their own. Made to price issue 18's gates:
 * server A is this build, its predictions carrying a {@code service} API key; server B is another
 * build's jar, such as the one from before identity existed, whose routes are open.
 *
 * <pre>
 * java -Dvigil.shared.dir=../shared -cp vigil-bench/target/benchmarks.jar io.vigil.bench.PairedServingLoad \
 *     OTHER/vigil-server/target/vigil-server.jar [pairs=12] [seconds=5] [concurrency=32]
 * </pre>
 */
public final class PairedServingLoad {
    private PairedServingLoad() {}

    public static void main(String[] args) throws Exception {
        Path other = Path.of(args[0]);
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Duration step = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 5);
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        Path jar = Path.of("vigil-server/target/vigil-server.jar");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(other)) {
            throw new IllegalStateException("both server jars must exist: " + jar + ", " + other);
        }
        Process a = ServingLoad.startServer(jar, "1g");
        Process b = ServingLoad.startServer(other, "1g");
        try {
            Side sideA = Side.prepare("A (this build)", a);
            Side sideB = Side.prepare("B (" + other + ")", b);
            Driver driver = Wrk.available() ? new Wrk() : ServingLoad::drive;
            System.out.println("load generator: " + (driver instanceof Wrk ? "wrk" : "Java HttpClient") + ", " + clients
                    + " clients, " + step.toSeconds() + " s steps");
            for (Side side : List.of(sideA, sideB)) { // the JIT compiles for about a minute after start
                driver.drive(side.url, side.requests, 16, Duration.ofSeconds(40), null);
            }
            System.out.println("| pair | " + sideA.name + " /s | " + sideB.name + " /s | A/B | A p99 ms | B p99 ms |");
            System.out.println("|---|---|---|---|---|---|");
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                boolean aFirst = i % 2 == 0;
                Result first = driver.drive((aFirst ? sideA : sideB).url, (aFirst ? sideA : sideB).requests, clients, step, null);
                Result second = driver.drive((aFirst ? sideB : sideA).url, (aFirst ? sideB : sideA).requests, clients, step, null);
                Result ra = aFirst ? first : second;
                Result rb = aFirst ? second : first;
                if (ra.errors() > 0 || rb.errors() > 0) {
                    throw new IllegalStateException("errors in pair " + (i + 1) + ": A " + ra.errors() + ", B " + rb.errors());
                }
                double ratio = ra.perSecond() / rb.perSecond();
                ratios.add(ratio);
                System.out.printf("| %d | %.0f | %.0f | %.3f | %.2f | %.2f |%n", i + 1, ra.perSecond(), rb.perSecond(), ratio,
                        ra.p99(), rb.p99());
            }
            double meanLog = ratios.stream().mapToDouble(Math::log).average().orElseThrow();
            double sd = Math.sqrt(ratios.stream().mapToDouble(r -> Math.pow(Math.log(r) - meanLog, 2)).sum() / (ratios.size() - 1));
            double half = 2 * sd / Math.sqrt(ratios.size()); // about 95 % for a dozen pairs or more
            System.out.printf("A/B over %d pairs: geometric mean %.3f (about 95 %%: %.3f to %.3f)%n", ratios.size(),
                    Math.exp(meanLog), Math.exp(meanLog - half), Math.exp(meanLog + half));
        } finally {
            for (Process p : List.of(a, b)) {
                ServingLoad.stopServer(p);
            }
        }
    }

    /**
     * Monitoring as a SOC would have it, on a build that has it: a threat rule on the model (KDDTest+
     * is 57 % attacks: most predictions are sightings) and a drift rule, beside the metrics, the
     * prediction log and the two rules every installation starts with. A build without alert rules is
     * left as it is.
     */
    private static void watch(Api api, String name, String model) throws Exception {
        JsonNode threat = api.json("POST", "/ml/alerts/rules", "{\"name\": \"load-threats\", \"kind\": \"threat_prediction\","
                + " \"modelId\": \"" + model + "\", \"threshold\": 0.9}");
        if (threat.has("id")) {
            api.json("POST", "/ml/alerts/rules", "{\"name\": \"load-drift\", \"kind\": \"drift_share\", \"modelId\": \"" + model
                    + "\"}");
            System.out.println(name + ": monitoring on (metrics, threat and drift rules)");
        }
    }

    /** One server, trained and deployed, and the prediction requests it is sent. */
    private record Side(String name, String url, Requests requests) {
        static Side prepare(String name, Process server) throws Exception {
            Api api = new Api(ServingLoad.baseOf(server));
            api.awaitReady(server);
            String train = api.upload(SharedData.dataset("nsl-kdd/KDDTrain+.txt"));
            String test = api.upload(SharedData.dataset("nsl-kdd/KDDTest+.txt"));
            String model = api.trainAndDeploy("load-gbm", "intrusion", train, test, 100);
            Requests requests = Requests.json(ServingLoad.singleRowBodies(SharedData.dataset("nsl-kdd/KDDTest+.txt"), 2000));
            watch(api, name, model);
            boolean open = api.open();
            System.out.println(name + ": " + (open ? "open routes (sent a dummy X-API-Key it ignores)" : "a service API key in X-API-Key"));
            // an open server is sent a header of the same length that it ignores: the same bytes on the wire, so the load
            // generator (on the same cores) does the same work for both sides, and only the server's checking differs
            String key = open ? "vgl_" + "x".repeat(43) : api.serviceKey();
            return new Side(name, ServingLoad.baseOf(server) + "/ml/predict", requests.with("X-API-Key", key));
        }
    }
}

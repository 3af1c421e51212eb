package io.vigil.bench;

import io.vigil.server.limits.RateLimitSettings;
import io.vigil.server.limits.RateLimiter;
import io.vigil.server.limits.RouteGroup;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the rate limits cost a prediction: a token from the caller's bucket and one from the client
 * address's (Bucket4j, in Caffeine caches, time from a {@link Clock}), as the two gates take them.
 * {@code twoThreads}: one service key sending from two threads at once, the buckets shared.
 * {@code manyAddresses}: every request from another of 10,000 addresses. Run:
 * {@code java -jar vigil-bench/target/benchmarks.jar RateLimitBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RateLimitBenchmark {
    RateLimiter limiter;
    UUID caller;
    String[] addresses;

    @Setup
    public void setup() {
        Map<RouteGroup, RateLimitSettings.Limits> huge = new EnumMap<>(RouteGroup.class);
        for (RouteGroup g : RouteGroup.values()) {
            huge.put(g, new RateLimitSettings.Limits(100_000_000, 100_000_000)); // never refused: the cost of asking
        }
        limiter = new RateLimiter(new RateLimitSettings(true, huge), Clock.systemUTC());
        caller = UUID.randomUUID();
        addresses = new String[10_000];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = "10.0." + (i >> 8) + "." + (i & 255);
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** One prediction's two tokens: its address's and its caller's. */
    @Benchmark
    public boolean oneCaller() {
        return limiter.takeForAddress(RouteGroup.PREDICTIONS, "10.1.2.3").allowed()
                & limiter.takeForCaller(RouteGroup.PREDICTIONS, caller).allowed();
    }

    /** The same from two threads: one key's buckets contended. */
    @Benchmark
    @Threads(2)
    public boolean twoThreads() {
        return oneCaller();
    }

    /** Every request from another address: each bucket is found among 10,000. */
    @Benchmark
    public boolean manyAddresses(Cursor c) {
        String address = addresses[c.next++ % addresses.length];
        return limiter.takeForAddress(RouteGroup.PREDICTIONS, address).allowed()
                & limiter.takeForCaller(RouteGroup.PREDICTIONS, caller).allowed();
    }
}

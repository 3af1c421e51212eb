package io.vigil.bench;

import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import io.vigil.engine.windows.OnlineWindows;
import io.vigil.engine.windows.WindowEvent;
import io.vigil.engine.windows.WindowFeature;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.engine.windows.WindowKind;
import io.vigil.engine.windows.WindowSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-entity window features: one online update (six features over a 5-minute window and the last
 * 50 events) for a stream of 10,000 entities, from a parsed event and from a raw record as a
 * prediction carries it; and the offline transform of a million events. The stream: an event every
 * 3 ms on average (333 a second); entities drawn uniformly (each holds about 10 events in its 5
 * minutes) or skewed (a few busy hosts and many quiet ones: the busiest has 15 events a second,
 * 4,096 in its 5 minutes, the cap).
 * Run: {@code java -jar vigil-bench/target/benchmarks.jar WindowsBenchmark}.
 */
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class WindowsBenchmark {
    static final int ENTITIES = 10_000;
    static final int STREAM = 1 << 20;
    static final WindowSpec SPEC = WindowSpec.of(List.of("host"), "ts", List.of(
            WindowFeature.over(WindowKind.MEAN, "bytes", "5m"), WindowFeature.over(WindowKind.STD, "bytes", "5m"),
            WindowFeature.over(WindowKind.COUNT, null, "5m"), WindowFeature.lastEvents(WindowKind.MAX, "bytes", 50),
            WindowFeature.lastEvents(WindowKind.MEAN, "bytes", 50), WindowFeature.diff("bytes", 1)));

    /** The stream as events: keys, times (in order), bytes. */
    static final class Stream {
        final String[] keys = new String[STREAM];
        final double[] times = new double[STREAM];
        final double[] bytes = new double[STREAM];
        final double span;

        Stream(long seed, boolean skewed) {
            SplittableRandom r = new SplittableRandom(seed);
            double t = 1_709_251_200;
            for (int i = 0; i < STREAM; i++) {
                t += r.nextExponential() * 0.003;
                int entity = skewed ? (int) Math.min(ENTITIES - 1, Math.floor(ENTITIES * Math.pow(r.nextDouble(), 3))) : r.nextInt(ENTITIES);
                keys[i] = "10." + (entity >> 16) + "." + ((entity >> 8) & 255) + "." + (entity & 255);
                times[i] = Math.floor(t * 1000) / 1000;
                bytes[i] = 100 + r.nextInt(5000);
            }
            span = t - 1_709_251_200 + 1;
        }

        Table table() {
            TableBuilder b = new TableBuilder(List.of("host", "ts", "bytes"), List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC),
                    STREAM);
            for (int i = 0; i < STREAM; i++) b.addRow(new String[] {keys[i], Double.toString(times[i]), Double.toString(bytes[i])});
            return b.build();
        }
    }

    @State(Scope.Thread)
    public static class Online {
        @Param({"uniform", "skewed"})
        public String entities;
        Stream stream;
        OnlineWindows state;
        double[] out = new double[7];
        int next;
        int lap;

        @Setup(Level.Trial)
        public void setup() {
            stream = new Stream(42, entities.equals("skewed"));
            WindowFeatures fitted = WindowFeatures.fit(SPEC, stream.table());
            state = fitted.online(ENTITIES);
            for (int i = 0; i < STREAM; i++) state.update(event(), out); // warm: every entity holds its windows
        }

        /** The next event of the stream; after its end, the stream again a span later (times keep rising). */
        WindowEvent event() {
            int i = next;
            if (++next == STREAM) {
                next = 0;
                lap++;
            }
            return new WindowEvent(stream.keys[i], stream.times[i] + lap * stream.span, new double[] {stream.bytes[i]});
        }

        /** The next event as a request's parsed record is: a new map of the JSON's values. */
        Map<String, Object> record() {
            int i = next;
            if (++next == STREAM) {
                next = 0;
                lap++;
            }
            Map<String, Object> record = new HashMap<>(8);
            record.put("host", stream.keys[i]);
            record.put("ts", stream.times[i] + lap * stream.span);
            record.put("bytes", stream.bytes[i]);
            return record;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double[] updateEvent(Online s) {
        s.state.update(s.event(), s.out);
        return s.out;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double[] updateRecord(Online s) {
        return s.state.update(s.record());
    }

    @State(Scope.Benchmark)
    public static class Offline {
        @Param({"uniform", "skewed"})
        public String entities;
        Table table;
        WindowFeatures fitted;

        @Setup(Level.Trial)
        public void setup() {
            table = new Stream(42, entities.equals("skewed")).table();
            fitted = WindowFeatures.fit(SPEC, table);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public Table transformMillion(Offline s) {
        return s.fitted.transform(s.table);
    }
}

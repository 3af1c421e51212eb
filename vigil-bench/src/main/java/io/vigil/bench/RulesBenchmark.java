package io.vigil.bench;

import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.datasets.SharedData;
import io.vigil.engine.rules.CompiledRules;
import io.vigil.engine.rules.RuleSet;
import io.vigil.engine.rules.RuleVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a model type's fast rules on one event: the 20 rules of {@code nsl-kdd-rules.json}
 * (thresholds, lists, text and grouped conditions over NSL-KDD's fields) evaluated on a flattened
 * record of the 41 features. {@code quiet}: a normal HTTP connection, no rule fires. {@code firing}:
 * KDDTest+'s first row, a SYN flood refused: two rules fire (a verdict is allocated).
 * {@code quietAsText}: the quiet record with every number as text, as a CSV gives it (each compared
 * number is read from its text). {@code kddTest}: KDDTest+'s 22,544 rows one after another (rules fire
 * on about a third of them). Run from the repository root (or pass -Dvigil.shared.dir=...):
 * {@code java -jar vigil-bench/target/benchmarks.jar RulesBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RulesBenchmark {
    static final String QUIET = "0,tcp,http,SF,215,45076,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,1,1,0.00,0.00,0.00,0.00,1.00,0.00,0.00,"
            + "0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00";
    static final String SYN_FLOOD = "0,tcp,private,REJ,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,229,10,0.00,0.00,1.00,1.00,0.04,0.06,"
            + "0.00,255,10,0.04,0.06,0.00,0.00,0.00,0.00,1.00,1.00";
    static final Set<String> TEXT_FIELDS = Set.of("protocol_type", "service", "flag");

    CompiledRules rules;
    Map<String, Object> quiet;
    Map<String, Object> firing;
    Map<String, Object> quietAsText;
    List<Map<String, Object>> kddTest;

    /** The next KDDTest+ row of this thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int row;
    }

    @Setup
    public void setup() throws IOException {
        rules = RuleSet.parse(ruleText()).compile();
        quiet = record(QUIET, false);
        firing = record(SYN_FLOOD, false);
        quietAsText = record(QUIET, true);
        check(rules.evaluate(quiet), List.of());
        check(rules.evaluate(quietAsText), List.of());
        check(rules.evaluate(firing), List.of("syn-flood", "rerror-storm"));
        kddTest = Files.readAllLines(SharedData.dataset("nsl-kdd/KDDTest+.txt")).stream().map(l -> record(l, false)).toList();
        long fired = kddTest.stream().filter(r -> rules.evaluate(r).anyFired()).count();
        System.out.printf("%nKDDTest+: rules fire on %d of %d rows%n", fired, kddTest.size());
    }

    /** The rule set the benchmark and the README's example use. */
    static String ruleText() throws IOException {
        try (InputStream in = RulesBenchmark.class.getResourceAsStream("/nsl-kdd-rules.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A row of KDDTest+ as a flattened record: numbers as doubles (or as their text), categories as text. */
    static Map<String, Object> record(String line, boolean numbersAsText) {
        String[] cells = line.split(",");
        Map<String, Object> record = new HashMap<>();
        for (int i = 0; i < 41; i++) {
            String name = NslKdd.COLUMNS.get(i);
            record.put(name, TEXT_FIELDS.contains(name) || numbersAsText ? cells[i] : (Object) Double.parseDouble(cells[i]));
        }
        return record;
    }

    private static void check(RuleVerdict verdict, List<String> expected) {
        if (!verdict.fired().equals(expected)) throw new IllegalStateException("fired " + verdict.fired() + ", expected " + expected);
    }

    @Benchmark
    public RuleVerdict quiet() {
        return rules.evaluate(quiet);
    }

    @Benchmark
    public RuleVerdict firing() {
        return rules.evaluate(firing);
    }

    @Benchmark
    public RuleVerdict kddTest(Cursor c) {
        int r = c.row;
        c.row = r + 1 == kddTest.size() ? 0 : r + 1;
        return rules.evaluate(kddTest.get(r));
    }

    @Benchmark
    public RuleVerdict quietAsText() {
        return rules.evaluate(quietAsText);
    }
}

package io.vigil.bench;

import io.vigil.engine.datasets.SharedData;
import io.vigil.engine.rules.CompiledRules;
import io.vigil.engine.rules.Rule;
import io.vigil.engine.rules.RuleSet;
import io.vigil.engine.rules.RuleVerdict;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the example rule set ({@code nsl-kdd-rules.json}) catches on KDDTest+: per rule, the rows it
 * fires on and how many of those are attacks; then all rules together. Then the thread CPU time of an
 * evaluation, best of 20 passes, which time-slicing on a busy machine does not inflate as it does
 * the wall time JMH reports ({@link RulesBenchmark}). Run from the repository root:
 * {@code java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.RulesReport}.
 */
public final class RulesReport {

    public static void main(String[] args) throws Exception {
        RuleSet set = RuleSet.parse(RulesBenchmark.ruleText());
        CompiledRules rules = set.compile();
        List<String> lines = Files.readAllLines(SharedData.dataset("nsl-kdd/KDDTest+.txt"));
        Map<String, int[]> perRule = new LinkedHashMap<>(); // fired, of which attacks
        for (Rule r : set.rules()) perRule.put(r.name(), new int[2]);
        int attacks = 0;
        int fired = 0;
        int firedAttacks = 0;
        for (String line : lines) {
            String[] cells = line.split(",");
            boolean attack = !cells[41].equals("normal");
            attacks += attack ? 1 : 0;
            RuleVerdict verdict = rules.evaluate(RulesBenchmark.record(line, false));
            for (String name : verdict.fired()) {
                perRule.get(name)[0]++;
                perRule.get(name)[1] += attack ? 1 : 0;
            }
            if (verdict.anyFired()) {
                fired++;
                firedAttacks += attack ? 1 : 0;
            }
        }
        System.out.printf("KDDTest+: %d rows, %d attacks%n%n| rule | fires on | of which attacks | precision |%n|---|---|---|---|%n",
                lines.size(), attacks);
        perRule.forEach((name, c) -> System.out.printf("| `%s` | %d | %d | %s |%n", name, c[0], c[1],
                c[0] == 0 ? "-" : String.format("%.3f", (double) c[1] / c[0])));
        System.out.printf("| all rules | %d | %d | %.3f |%n%nrecall of attacks by the rules alone: %.3f%n", fired, firedAttacks,
                (double) firedAttacks / fired, (double) firedAttacks / attacks);

        List<Map<String, Object>> kdd = lines.stream().map(l -> RulesBenchmark.record(l, false)).toList();
        cpu("quiet record", rules, List.of(RulesBenchmark.record(RulesBenchmark.QUIET, false)));
        cpu("quiet record, numbers as text", rules, List.of(RulesBenchmark.record(RulesBenchmark.QUIET, true)));
        cpu("firing record (2 rules)", rules, List.of(RulesBenchmark.record(RulesBenchmark.SYN_FLOOD, false)));
        cpu("KDDTest+'s first 1,000 rows in turn", rules, kdd.subList(0, 1000));
        cpu("KDDTest+'s 22,544 rows in turn", rules, kdd);
    }

    /** Thread CPU time per evaluation over the records in turn, best of 20 passes of about a million. */
    private static void cpu(String what, CompiledRules rules, List<Map<String, Object>> records) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = records.size();
        int rounds = Math.max(1, 1_000_000 / n);
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < 20; pass++) {
            long c0 = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < n; i++) sink += rules.evaluate(records.get(i)).fired().size();
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - c0) / (double) (rounds * n));
        }
        System.out.printf(java.util.Locale.ROOT, "%s: %.0f ns CPU per evaluation (checksum %d)%n", what, best, sink);
    }
}

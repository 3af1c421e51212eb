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
 * fires on and how many of those are attacks; then all rules together. Run from the repository root:
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
    }
}

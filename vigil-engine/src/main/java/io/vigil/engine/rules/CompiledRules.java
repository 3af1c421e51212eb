package io.vigil.engine.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rule set made ready to evaluate, once: operands converted, lists in hash sets and sorted arrays,
 * disabled rules left out. {@link #evaluate} is thread-safe and allocates nothing unless a rule fires.
 *
 * <p>A record is flattened: field name to a {@link Number}, {@link String}, {@link Boolean} or null.
 * Null, an absent field and a NaN number are all "missing": every operator fails on them but
 * {@code missing} (so {@code !=} and {@code not_in} need the field present). The numeric operators
 * read a text that writes a decimal number as that number ({@code "200"} is {@code >= 150}); a text
 * that does not, or a boolean, fails them. {@code ==} compares numbers numerically (booleans count as
 * 1 and 0), texts as texts (case ignored with {@code ignoreCase}), booleans also against the texts
 * {@code true} and {@code false}. {@code contains}, {@code starts_with} and {@code ends_with} hold only
 * of texts. Any other value type holds for {@code exists} and nothing else.
 */
public final class CompiledRules {
    /** No rules: every record's verdict is {@link RuleVerdict#NONE}. */
    public static final CompiledRules NONE = new CompiledRules(RuleSet.EMPTY, new String[0], new double[0], new CompiledCondition[0]);

    private final RuleSet source;
    private final String[] names;
    private final double[] threats;
    private final CompiledCondition[] tests;

    private CompiledRules(RuleSet source, String[] names, double[] threats, CompiledCondition[] tests) {
        this.source = source;
        this.names = names;
        this.threats = threats;
        this.tests = tests;
    }

    static CompiledRules of(RuleSet set) {
        List<Rule> rules = set.enabledRules();
        String[] names = new String[rules.size()];
        double[] threats = new double[rules.size()];
        CompiledCondition[] tests = new CompiledCondition[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            names[i] = r.name();
            threats[i] = r.threat();
            tests[i] = group(r.match(), r.conditions());
        }
        return new CompiledRules(set, names, threats, tests);
    }

    /** The verdict of the rules on one flattened record. */
    public RuleVerdict evaluate(Map<String, ?> record) {
        List<String> fired = null;
        double threat = 0;
        for (int i = 0; i < tests.length; i++) {
            if (tests[i].test(record)) {
                if (fired == null) fired = new ArrayList<>(4);
                fired.add(names[i]);
                threat = Math.max(threat, threats[i]);
            }
        }
        return fired == null ? RuleVerdict.NONE : new RuleVerdict(threat, fired);
    }

    /** Whether there is no enabled rule: then rules and ML cannot diverge ({@link DualScore#combine}). */
    public boolean isEmpty() {
        return tests.length == 0;
    }

    /** The enabled rules, in evaluation order. */
    public int size() {
        return tests.length;
    }

    /** The rule set compiled, disabled rules included. */
    public RuleSet source() {
        return source;
    }

    private static CompiledCondition group(Match match, List<Condition> conditions) {
        CompiledCondition[] members = new CompiledCondition[conditions.size()];
        for (int i = 0; i < members.length; i++) members[i] = compile(conditions.get(i));
        if (members.length == 1) return members[0];
        return match == Match.ALL ? new CompiledCondition.All(members) : new CompiledCondition.Any(members);
    }

    private static CompiledCondition compile(Condition c) {
        if (c instanceof Condition.FieldTest t) return FieldTests.of(t);
        if (c instanceof Condition.Group g) return group(g.match(), g.conditions());
        return new CompiledCondition.Not(compile(((Condition.Not) c).condition()));
    }
}

package io.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompiledRulesTest {

    /** Whether one condition holds of a record of one field, {@code f}. */
    static boolean holds(String condition, Object value) {
        Map<String, Object> record = new HashMap<>();
        record.put("f", value);
        return holdsOf(condition, record);
    }

    static boolean holdsOf(String condition, Map<String, ?> record) {
        CompiledRules rules = RuleSet.parse("{\"rules\": [{\"name\": \"r\", \"threat\": 1, \"conditions\": [" + condition + "]}]}").compile();
        return rules.evaluate(record).anyFired();
    }

    static boolean holdsAbsent(String condition) {
        return holdsOf(condition, Map.of("other", 1));
    }

    @Test
    void orderingComparesNumbersAndNumericTexts() {
        String gt = "{\"field\": \"f\", \"op\": \">\", \"value\": 200}";
        assertThat(holds(gt, 201)).isTrue();
        assertThat(holds(gt, 200)).isFalse();
        assertThat(holds(gt, 200.5f)).isTrue();
        assertThat(holds(gt, 10_000_000_000L)).isTrue();
        assertThat(holds(gt, "201")).isTrue();
        assertThat(holds(gt, " 2.5e2 ")).isTrue();
        assertThat(holds(gt, "abc")).isFalse();
        assertThat(holds(gt, "0x1000")).isFalse();
        assertThat(holds(gt, true)).isFalse();
        assertThat(holds(gt, null)).isFalse();
        assertThat(holds(gt, Double.NaN)).isFalse();
        assertThat(holds(gt, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(holdsAbsent(gt)).isFalse();

        String ge = "{\"field\": \"f\", \"op\": \">=\", \"value\": 200}";
        assertThat(holds(ge, 200)).isTrue();
        assertThat(holds(ge, 199.999)).isFalse();
        String lt = "{\"field\": \"f\", \"op\": \"<\", \"value\": 0}";
        assertThat(holds(lt, -1)).isTrue();
        assertThat(holds(lt, 0)).isFalse();
        assertThat(holds(lt, "-0.5")).isTrue();
        String le = "{\"field\": \"f\", \"op\": \"<=\", \"value\": 0.5}";
        assertThat(holds(le, 0.5)).isTrue();
        assertThat(holds(le, 0.5001)).isFalse();
        assertThat(holds(le, ".5")).isTrue();
    }

    @Test
    void equalityOfANumber() {
        String eq = "{\"field\": \"f\", \"op\": \"==\", \"value\": 1}";
        assertThat(holds(eq, 1)).isTrue();
        assertThat(holds(eq, 1.0)).isTrue();
        assertThat(holds(eq, 1L)).isTrue();
        assertThat(holds(eq, "1")).isTrue();
        assertThat(holds(eq, " 1.0 ")).isTrue();
        assertThat(holds(eq, true)).isTrue(); // booleans as 1 and 0
        assertThat(holds(eq, false)).isFalse();
        assertThat(holds(eq, 1.0000001)).isFalse();
        assertThat(holds(eq, "one")).isFalse();
        assertThat(holdsAbsent(eq)).isFalse();
    }

    @Test
    void equalityOfATextAndABoolean() {
        String s0 = "{\"field\": \"f\", \"op\": \"==\", \"value\": \"S0\"}";
        assertThat(holds(s0, "S0")).isTrue();
        assertThat(holds(s0, "s0")).isFalse();
        assertThat(holds(s0, "S0 ")).isFalse();
        assertThat(holds(s0, 0)).isFalse();
        assertThat(holds("{\"field\": \"f\", \"op\": \"==\", \"value\": \"S0\", \"ignoreCase\": true}", "s0")).isTrue();
        String port = "{\"field\": \"f\", \"op\": \"==\", \"value\": \"80\"}";
        assertThat(holds(port, 80)).isTrue(); // a numeric text operand meets a number
        assertThat(holds(port, "80")).isTrue();
        assertThat(holds(port, "80.0")).isFalse(); // text against text: as written

        String yes = "{\"field\": \"f\", \"op\": \"==\", \"value\": true}";
        assertThat(holds(yes, true)).isTrue();
        assertThat(holds(yes, false)).isFalse();
        assertThat(holds(yes, "TRUE")).isTrue();
        assertThat(holds(yes, 1)).isTrue();
        assertThat(holds(yes, 0)).isFalse();
        assertThat(holds(yes, "yes")).isFalse();
        assertThat(holds("{\"field\": \"f\", \"op\": \"==\", \"value\": \"false\"}", false)).isTrue();
    }

    @Test
    void notEqualNeedsTheFieldPresent() {
        String ne = "{\"field\": \"f\", \"op\": \"!=\", \"value\": \"S0\"}";
        assertThat(holds(ne, "SF")).isTrue();
        assertThat(holds(ne, "S0")).isFalse();
        assertThat(holds(ne, 5)).isTrue();
        assertThat(holds(ne, null)).isFalse();
        assertThat(holdsAbsent(ne)).isFalse();
        String neNumber = "{\"field\": \"f\", \"op\": \"!=\", \"value\": 0}";
        assertThat(holds(neNumber, 0.0)).isFalse();
        assertThat(holds(neNumber, "0")).isFalse();
        assertThat(holds(neNumber, 3)).isTrue();
    }

    @Test
    void membershipOfTextsAndNumbers() {
        String in = "{\"field\": \"f\", \"op\": \"in\", \"value\": [\"S0\", \"REJ\", 80, \"443\", 0]}";
        assertThat(holds(in, "REJ")).isTrue();
        assertThat(holds(in, "rej")).isFalse();
        assertThat(holds(in, 80)).isTrue();
        assertThat(holds(in, 80.0)).isTrue();
        assertThat(holds(in, "80")).isTrue();
        assertThat(holds(in, 443)).isTrue(); // a list's numeric text is a number too
        assertThat(holds(in, -0.0)).isTrue();
        assertThat(holds(in, 22)).isFalse();
        assertThat(holds(in, "SF")).isFalse();
        assertThat(holds(in, true)).isFalse();
        assertThat(holdsAbsent(in)).isFalse();
        assertThat(holds("{\"field\": \"f\", \"op\": \"in\", \"value\": [\"S0\", \"REJ\"], \"ignoreCase\": true}", "rej")).isTrue();
        assertThat(holds("{\"field\": \"f\", \"op\": \"in\", \"value\": [\"true\"]}", true)).isTrue();

        String notIn = "{\"field\": \"f\", \"op\": \"not_in\", \"value\": [\"http\", \"smtp\"]}";
        assertThat(holds(notIn, "telnet")).isTrue();
        assertThat(holds(notIn, "http")).isFalse();
        assertThat(holds(notIn, 21)).isTrue();
        assertThat(holds(notIn, null)).isFalse();
        assertThat(holdsAbsent(notIn)).isFalse();
    }

    @Test
    void textOperatorsHoldOfTextsOnly() {
        String contains = "{\"field\": \"f\", \"op\": \"contains\", \"value\": \"admin\"}";
        assertThat(holds(contains, "/admin/login")).isTrue();
        assertThat(holds(contains, "/ADMIN/login")).isFalse();
        assertThat(holds(contains, "adm")).isFalse();
        assertThat(holds(contains, 42)).isFalse();
        assertThat(holds("{\"field\": \"f\", \"op\": \"contains\", \"value\": \"admin\", \"ignoreCase\": true}", "/x/ADMIN")).isTrue();
        assertThat(holds("{\"field\": \"f\", \"op\": \"contains\", \"value\": \"admin\", \"ignoreCase\": true}", "/x/ADMI")).isFalse();

        String starts = "{\"field\": \"f\", \"op\": \"starts_with\", \"value\": \"10.0.\"}";
        assertThat(holds(starts, "10.0.3.4")).isTrue();
        assertThat(holds(starts, "110.0.3.4")).isFalse();
        assertThat(holds(starts, "10.0")).isFalse();

        String ends = "{\"field\": \"f\", \"op\": \"ends_with\", \"value\": \".exe\", \"ignoreCase\": true}";
        assertThat(holds(ends, "C:\\EVIL.EXE")).isTrue();
        assertThat(holds(ends, "evil.exe.txt")).isFalse();
        assertThat(holds("{\"field\": \"f\", \"op\": \"ends_with\", \"value\": \".exe\"}", "EVIL.EXE")).isFalse();
    }

    @Test
    void presenceOfAField() {
        String exists = "{\"field\": \"f\", \"op\": \"exists\"}";
        String missing = "{\"field\": \"f\", \"op\": \"missing\"}";
        for (Object present : new Object[] {"", 0, false, "x", new int[0]}) {
            assertThat(holds(exists, present)).as("exists %s", present).isTrue();
            assertThat(holds(missing, present)).as("missing %s", present).isFalse();
        }
        for (Object absent : new Object[] {null, Double.NaN, Float.NaN}) {
            assertThat(holds(exists, absent)).isFalse();
            assertThat(holds(missing, absent)).isTrue();
        }
        assertThat(holdsAbsent(exists)).isFalse();
        assertThat(holdsAbsent(missing)).isTrue();
    }

    @Test
    void anotherValueTypeOnlyExists() {
        Object list = java.util.List.of(1);
        assertThat(holds("{\"field\": \"f\", \"op\": \"==\", \"value\": 1}", list)).isFalse();
        assertThat(holds("{\"field\": \"f\", \"op\": \">\", \"value\": 0}", list)).isFalse();
        assertThat(holds("{\"field\": \"f\", \"op\": \"in\", \"value\": [1]}", list)).isFalse();
    }

    @Test
    void groupsAndNegation() {
        String notS0 = "{\"not\": {\"field\": \"flag\", \"op\": \"==\", \"value\": \"S0\"}}";
        assertThat(holdsOf(notS0, Map.of("flag", "SF"))).isTrue();
        assertThat(holdsOf(notS0, Map.of("flag", "S0"))).isFalse();
        assertThat(holdsOf(notS0, Map.of())).isTrue(); // a missing field fails ==, so not holds

        String group = """
                {"any": [{"field": "a", "op": ">", "value": 5},
                         {"all": [{"field": "b", "op": "==", "value": "x"}, {"field": "c", "op": "exists"}]}]}""";
        assertThat(holdsOf(group, Map.of("a", 6))).isTrue();
        assertThat(holdsOf(group, Map.of("a", 5, "b", "x"))).isFalse();
        assertThat(holdsOf(group, Map.of("a", 5, "b", "x", "c", 0))).isTrue();
    }

    static final String SET = """
            {"rules": [
              {"name": "syn-flood", "conditions": [{"field": "count", "op": ">=", "value": 200},
                                                   {"field": "flag", "op": "in", "value": ["S0", "REJ"]}], "threat": 0.95},
              {"name": "many-services", "match": "any", "conditions": [{"field": "diff_srv_rate", "op": ">", "value": 0.8},
                                                                       {"field": "srv_count", "op": ">", "value": 100}], "threat": 0.6},
              {"name": "off", "enabled": false, "conditions": [{"field": "count", "op": "exists"}], "threat": 1},
              {"name": "half-open", "conditions": [{"field": "flag", "op": "==", "value": "S0"}], "threat": 0.8}]}""";

    @Test
    void theVerdictIsTheHighestThreatAndTheRulesInOrder() {
        CompiledRules rules = RuleSet.parse(SET).compile();
        assertThat(rules.size()).isEqualTo(3);
        assertThat(rules.source().rules()).hasSize(4);

        RuleVerdict all = rules.evaluate(Map.of("count", 300, "flag", "S0", "diff_srv_rate", 0.9, "srv_count", 1));
        assertThat(all.fired()).containsExactly("syn-flood", "many-services", "half-open");
        assertThat(all.threat()).isEqualTo(0.95);

        RuleVerdict two = rules.evaluate(Map.of("count", 10, "flag", "S0", "srv_count", 101));
        assertThat(two.fired()).containsExactly("many-services", "half-open");
        assertThat(two.threat()).isEqualTo(0.8);

        assertThat(rules.evaluate(Map.of("count", 10, "flag", "SF"))).isSameAs(RuleVerdict.NONE);
        assertThat(RuleVerdict.NONE.threat()).isZero();
        assertThat(CompiledRules.NONE.evaluate(Map.of("count", 1))).isSameAs(RuleVerdict.NONE);
        assertThat(CompiledRules.NONE.isEmpty()).isTrue();
    }

    @Test
    void aRecordNoRuleFiresOnAllocatesNothing() {
        CompiledRules rules = RuleSet.parse(SET).compile();
        Map<String, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < 41; i++) record.put("x" + i, (double) i);
        record.put("count", 10.0);
        record.put("flag", "SF");
        record.put("diff_srv_rate", 0.1);
        record.put("srv_count", 3.0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) rules.evaluate(record); // warm up
        long before = threads.getThreadAllocatedBytes(id);
        int fired = 0;
        for (int i = 0; i < 100_000; i++) fired += rules.evaluate(record).fired().size();
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(fired).isZero();
        assertThat(allocated).as("bytes allocated by 100,000 evaluations").isLessThan(16_000);

        record.replaceAll((k, v) -> v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.2f", d) : v); // as a CSV gives them
        for (int i = 0; i < 20_000; i++) rules.evaluate(record);
        before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) fired += rules.evaluate(record).fired().size();
        allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(fired).isZero();
        assertThat(allocated).as("bytes allocated by 100,000 evaluations of numbers as text").isLessThan(16_000);
    }

    @Test
    void numericTexts() {
        assertThat(NumericText.parse("1e3")).isEqualTo(1000);
        assertThat(NumericText.parse("+5")).isEqualTo(5);
        assertThat(NumericText.parse("-.5")).isEqualTo(-0.5);
        assertThat(NumericText.parse("5.")).isEqualTo(5);
        assertThat(NumericText.parse("\t42 ")).isEqualTo(42);
        assertThat(NumericText.parse("-123456789012345")).isEqualTo(-123456789012345.0);
        assertThat(NumericText.parse("1234567890123456789")).isEqualTo(1.2345678901234568E18);
        assertThat(NumericText.parse("2.5E-1")).isEqualTo(0.25);
        assertThat(NumericText.parse("-0.0")).isEqualTo(-0.0);
        // the allocation-free path gives what Double.parseDouble gives
        java.util.Random random = new java.util.Random(7);
        for (int k = 0; k < 100_000; k++) {
            int digits = 1 + random.nextInt(15);
            String text = Long.toString((long) (random.nextDouble() * Math.pow(10, digits)));
            int point = random.nextInt(text.length() + 1);
            String decimal = (random.nextBoolean() ? "-" : "") + text.substring(0, point) + "." + text.substring(point);
            assertThat(NumericText.parse(decimal)).as(decimal).isEqualTo(Double.parseDouble(decimal));
        }
        for (String no : new String[] {"", " ", ".", "-", "+.", "0x10", "NaN", "Infinity", "1d", "1e", "1e+", "1.2.3", "1 2", "1e400", "--1"}) {
            assertThat(NumericText.parse(no)).as("'%s'", no).isNaN();
        }
    }
}

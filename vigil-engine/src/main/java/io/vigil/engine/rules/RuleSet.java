package io.vigil.engine.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.engine.ModelJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model type's fast rules, as JSON declares them:
 *
 * <pre>{@code
 * {"rules": [
 *   {"name": "syn-flood", "description": "many half-open connections to one service",
 *    "match": "all",
 *    "conditions": [{"field": "count", "op": ">=", "value": 200},
 *                   {"field": "flag", "op": "in", "value": ["S0", "REJ"]}],
 *    "threat": 0.95},
 *   {"name": "root-shell", "match": "any",
 *    "conditions": [{"field": "root_shell", "op": "==", "value": 1},
 *                   {"all": [{"field": "service", "op": "==", "value": "telnet"},
 *                            {"field": "num_failed_logins", "op": ">", "value": 3}]}],
 *    "threat": 0.9, "enabled": false}]}
 * }</pre>
 *
 * {@link #parse} checks everything and names each problem by its JSON path; {@link #compile} makes
 * the evaluator once. Limits: {@value #MAX_RULES} rules, {@value #MAX_CONDITIONS} conditions per rule
 * (groups and their members counted), groups {@value #MAX_DEPTH} deep, {@value #MAX_LIST_VALUES}
 * values per list and {@value #MAX_SET_VALUES} in all, names of {@value #MAX_NAME} characters, fields
 * of {@value #MAX_FIELD}, text values of {@value #MAX_TEXT}. No regular expressions: nothing a rule
 * says can take more than linear time in its field's length.
 */
public record RuleSet(List<Rule> rules) {
    public static final int MAX_RULES = 1000;
    public static final int MAX_CONDITIONS = 100;
    public static final int MAX_DEPTH = 4;
    public static final int MAX_LIST_VALUES = 10_000;
    public static final int MAX_SET_VALUES = 100_000;
    public static final int MAX_NAME = 100;
    public static final int MAX_FIELD = 256;
    public static final int MAX_TEXT = 1000;
    public static final int MAX_DESCRIPTION = 2000;

    /** No rules. */
    public static final RuleSet EMPTY = new RuleSet(List.of());

    public RuleSet {
        rules = List.copyOf(rules);
    }

    /** The rule set this JSON text declares, or an {@link InvalidRuleSetException} naming every problem. */
    public static RuleSet parse(String json) {
        JsonNode root;
        try {
            root = ModelJson.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new InvalidRuleSetException(List.of(new RuleProblem("", "not valid JSON" + where + ": " + e.getOriginalMessage())));
        }
        return parse(root);
    }

    /** The rule set this JSON tree declares, or an {@link InvalidRuleSetException} naming every problem. */
    public static RuleSet parse(JsonNode json) {
        return RuleParser.parse(json);
    }

    /** The rules that are evaluated. */
    public List<Rule> enabledRules() {
        return rules.stream().filter(Rule::enabled).toList();
    }

    /** The distinct fields the conditions read, in the order they are first named. */
    public List<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        forEachTest((path, test) -> fields.add(test.field()));
        return List.copyOf(fields);
    }

    /**
     * The fields the rules read that are not among {@code knownFields} (a model's inputs, and any
     * other field its records carry), each named by its path, with the nearest known name if one is close.
     */
    public List<RuleProblem> check(Set<String> knownFields) {
        List<RuleProblem> problems = new ArrayList<>();
        forEachTest((path, test) -> {
            if (knownFields.contains(test.field())) return;
            String near = FieldNames.nearest(test.field(), knownFields);
            problems.add(new RuleProblem(path + ".field", "'" + test.field() + "' is not a field of the model's records"
                    + (near == null ? "" : "; did you mean '" + near + "'?")));
        });
        return problems;
    }

    /** The evaluator of the enabled rules, made once. */
    public CompiledRules compile() {
        return CompiledRules.of(this);
    }

    /** The set as JSON, in the form {@link #parse} reads (every default written out). */
    public ObjectNode toJson() {
        ObjectNode root = ModelJson.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("rules");
        for (Rule r : rules) {
            ObjectNode o = list.addObject();
            o.put("name", r.name());
            if (r.description() != null) o.put("description", r.description());
            o.put("match", r.match().wire());
            ArrayNode conditions = o.putArray("conditions");
            for (Condition c : r.conditions()) conditions.add(json(c));
            o.put("threat", r.threat());
            o.put("enabled", r.enabled());
        }
        return root;
    }

    /** The JSON text of {@link #toJson()}. */
    @Override
    public String toString() {
        return toJson().toString();
    }

    private static JsonNode json(Condition c) {
        ObjectNode o = ModelJson.MAPPER.createObjectNode();
        if (c instanceof Condition.FieldTest t) {
            o.put("field", t.field());
            o.put("op", t.op().symbol());
            if (t.value() != null) o.set("value", t.value());
            if (t.ignoreCase()) o.put("ignoreCase", true);
        } else if (c instanceof Condition.Group g) {
            ArrayNode members = o.putArray(g.match().wire());
            for (Condition m : g.conditions()) members.add(json(m));
        } else if (c instanceof Condition.Not n) {
            o.set("not", json(n.condition()));
        }
        return o;
    }

    private interface TestVisitor {
        void visit(String path, Condition.FieldTest test);
    }

    private void forEachTest(TestVisitor visitor) {
        for (int i = 0; i < rules.size(); i++) {
            List<Condition> conditions = rules.get(i).conditions();
            for (int j = 0; j < conditions.size(); j++) {
                visit("rules[" + i + "].conditions[" + j + "]", conditions.get(j), visitor);
            }
        }
    }

    private static void visit(String path, Condition c, TestVisitor visitor) {
        if (c instanceof Condition.FieldTest t) {
            visitor.visit(path, t);
        } else if (c instanceof Condition.Group g) {
            for (int k = 0; k < g.conditions().size(); k++) {
                visit(path + "." + g.match().wire() + "[" + k + "]", g.conditions().get(k), visitor);
            }
        } else if (c instanceof Condition.Not n) {
            visit(path + ".not", n.condition(), visitor);
        }
    }
}

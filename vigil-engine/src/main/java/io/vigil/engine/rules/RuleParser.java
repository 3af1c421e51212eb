package io.vigil.engine.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads a {@link RuleSet} from JSON, every problem named by its path; nothing is built when one is found. */
final class RuleParser {
    private static final List<String> TOP = List.of("rules");
    private static final List<String> RULE = List.of("name", "description", "match", "conditions", "threat", "enabled");
    private static final List<String> TEST = List.of("field", "op", "value", "ignoreCase");
    private static final List<String> GROUPS = List.of("all", "any", "not");

    private final List<RuleProblem> problems = new ArrayList<>();
    private int setValues;
    private int conditionsOfRule;

    private RuleParser() {
    }

    static RuleSet parse(JsonNode root) {
        RuleParser p = new RuleParser();
        List<Rule> rules = p.set(root);
        if (!p.problems.isEmpty()) throw new InvalidRuleSetException(p.problems);
        return new RuleSet(rules);
    }

    private void add(String field, String message) {
        problems.add(new RuleProblem(field, message));
    }

    private List<Rule> set(JsonNode root) {
        List<Rule> rules = new ArrayList<>();
        if (root == null || !root.isObject()) {
            add("", "a rule set is a JSON object: {\"rules\": [...]}");
            return rules;
        }
        unknown(root, "", TOP);
        JsonNode list = root.get("rules");
        if (list == null || !list.isArray()) {
            add("rules", "is required: a list of rules (empty for none)");
            return rules;
        }
        if (list.size() > RuleSet.MAX_RULES) {
            add("rules", "at most " + RuleSet.MAX_RULES + " rules; this set has " + list.size());
            return rules;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Rule r = rule(list.get(i), "rules[" + i + "]", names);
            if (r != null) rules.add(r);
        }
        return rules;
    }

    private Rule rule(JsonNode node, String path, Set<String> names) {
        if (!node.isObject()) {
            add(path, "a rule is an object with name, conditions and threat");
            return null;
        }
        unknown(node, path, RULE);
        String name = text(node, path, "name", true, RuleSet.MAX_NAME);
        if (name != null && !names.add(name.toLowerCase(Locale.ROOT))) {
            add(path + ".name", "'" + name + "' names another rule too (names are unique, case ignored)");
        }
        String description = text(node, path, "description", false, RuleSet.MAX_DESCRIPTION);
        Match match = match(node.get("match"), path + ".match", Match.ALL);
        double threat = threat(node.get("threat"), path + ".threat");
        boolean enabled = bool(node.get("enabled"), path + ".enabled", true);
        conditionsOfRule = 0;
        List<Condition> conditions = conditions(node.get("conditions"), path + ".conditions", 1);
        if (conditionsOfRule > RuleSet.MAX_CONDITIONS) {
            add(path + ".conditions", "at most " + RuleSet.MAX_CONDITIONS + " conditions in a rule, groups and their members counted; this one has "
                    + conditionsOfRule);
        }
        return conditions == null ? null : new Rule(name, description, match, conditions, threat, enabled);
    }

    private List<Condition> conditions(JsonNode node, String path, int depth) {
        if (node == null || node.isNull()) {
            add(path, "is required: a list of at least one condition");
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            add(path, "must be a list of at least one condition");
            return null;
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < node.size() && conditionsOfRule <= RuleSet.MAX_CONDITIONS; i++) {
            Condition c = condition(node.get(i), path + "[" + i + "]", depth);
            if (c != null) out.add(c);
        }
        return out;
    }

    private Condition condition(JsonNode node, String path, int depth) {
        conditionsOfRule++;
        if (!node.isObject()) {
            add(path, "a condition is an object: {\"field\": ..., \"op\": ..., \"value\": ...}, or a group {\"all\": [...]},"
                    + " {\"any\": [...]} or {\"not\": {...}}");
            return null;
        }
        String group = null;
        for (String g : GROUPS) {
            if (node.has(g)) group = group == null ? g : group + "' and '" + g;
        }
        if (group == null) return fieldTest(node, path);
        if (node.size() != 1) {
            add(path, "a group has one field, 'all', 'any' or 'not'; this one has " + names(node));
            return null;
        }
        if (depth >= RuleSet.MAX_DEPTH) {
            add(path, "groups nest at most " + RuleSet.MAX_DEPTH + " deep");
            return null;
        }
        String childPath = path + "." + group;
        if (group.equals("not")) {
            JsonNode inner = node.get("not");
            if (!inner.isObject()) {
                add(childPath, "must be one condition (an object)");
                return null;
            }
            Condition c = condition(inner, childPath, depth + 1);
            return c == null ? null : new Condition.Not(c);
        }
        List<Condition> members = conditions(node.get(group), childPath, depth + 1);
        return members == null ? null : new Condition.Group(group.equals("all") ? Match.ALL : Match.ANY, members);
    }

    private Condition fieldTest(JsonNode node, String path) {
        unknown(node, path, TEST);
        String field = text(node, path, "field", true, RuleSet.MAX_FIELD);
        JsonNode opNode = node.get("op");
        Operator op = null;
        if (opNode == null || opNode.isNull()) {
            add(path + ".op", "is required: one of " + Operator.SYMBOLS);
        } else if (!opNode.isTextual() || (op = Operator.ofSymbol(opNode.asText().strip())) == null) {
            add(path + ".op", "unknown operator " + shown(opNode) + "; one of " + Operator.SYMBOLS);
        }
        boolean ignoreCase = bool(node.get("ignoreCase"), path + ".ignoreCase", false);
        JsonNode value = node.get("value");
        if (op == null) return null;
        boolean valueOk = value(op, value, path + ".value");
        if (ignoreCase && valueOk && !takesText(op, value)) {
            add(path + ".ignoreCase", "applies to text values only; operator '" + op.symbol() + "' here compares "
                    + (op.operand() == Operator.Operand.NONE ? "nothing" : "numbers or booleans"));
        }
        return field == null || !valueOk ? null : new Condition.FieldTest(field, op, value == null || value.isNull() ? null : value, ignoreCase);
    }

    /** Whether the value fits the operator; a problem is added when it does not. */
    private boolean value(Operator op, JsonNode value, String path) {
        boolean absent = value == null || value.isNull();
        switch (op.operand()) {
            case NONE -> {
                if (!absent) add(path, "operator '" + op.symbol() + "' takes no value");
                return absent;
            }
            case NUMBER -> {
                if (absent || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    add(path, "operator '" + op.symbol() + "' compares numbers: the value must be a finite number"
                            + (absent ? "" : ", not " + shown(value)));
                    return false;
                }
                return true;
            }
            case SCALAR -> {
                if (absent) {
                    add(path, "is required: a number, a text or a boolean (a missing field is tested by 'missing')");
                    return false;
                }
                if (value.isNumber() && Double.isFinite(value.doubleValue()) || value.isBoolean()) return true;
                if (value.isTextual()) return textFits(value.asText(), path);
                add(path, "operator '" + op.symbol() + "' takes a number, a text or a boolean, not " + shown(value));
                return false;
            }
            case TEXT -> {
                if (absent || !value.isTextual() || value.asText().isEmpty()) {
                    add(path, "operator '" + op.symbol() + "' takes a non-empty text" + (absent ? "" : ", not " + shown(value)));
                    return false;
                }
                return textFits(value.asText(), path);
            }
            case LIST -> {
                return list(op, value, path);
            }
            default -> throw new IllegalStateException(op.operand().name());
        }
    }

    private boolean list(Operator op, JsonNode value, String path) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            add(path, "operator '" + op.symbol() + "' takes a non-empty list of texts and numbers"
                    + (value == null || value.isNull() ? "" : ", not " + shown(value)));
            return false;
        }
        if (value.size() > RuleSet.MAX_LIST_VALUES) {
            add(path, "at most " + RuleSet.MAX_LIST_VALUES + " values in a list; this one has " + value.size());
            return false;
        }
        setValues += value.size();
        if (setValues > RuleSet.MAX_SET_VALUES) {
            add(path, "the lists of a rule set hold at most " + RuleSet.MAX_SET_VALUES + " values in all");
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = path + "[" + i + "]";
            if (item.isTextual()) {
                ok &= textFits(item.asText(), itemPath);
            } else if (!item.isNumber() || !Double.isFinite(item.doubleValue())) {
                add(itemPath, "a list holds texts and finite numbers, not " + shown(item));
                ok = false;
            }
        }
        return ok;
    }

    private boolean textFits(String text, String path) {
        if (text.length() > RuleSet.MAX_TEXT) {
            add(path, "a text value has at most " + RuleSet.MAX_TEXT + " characters; this one has " + text.length());
            return false;
        }
        return true;
    }

    /** Whether the operator compares the value as text, where case may be ignored. */
    private static boolean takesText(Operator op, JsonNode value) {
        return switch (op.operand()) {
            case TEXT -> true;
            case SCALAR -> value.isTextual();
            case LIST -> {
                for (JsonNode item : value) {
                    if (item.isTextual()) yield true;
                }
                yield false;
            }
            default -> false;
        };
    }

    private String text(JsonNode node, String path, String name, boolean required, int maxLength) {
        JsonNode v = node.get(name);
        String field = path + "." + name;
        if (v == null || v.isNull()) {
            if (required) add(field, "is required");
            return null;
        }
        if (!v.isTextual()) {
            add(field, "must be a text, not " + shown(v));
            return null;
        }
        String text = v.asText().strip();
        if (required && text.isEmpty()) {
            add(field, "is blank");
            return null;
        }
        if (text.length() > maxLength) {
            add(field, "has at most " + maxLength + " characters; this one has " + text.length());
            return null;
        }
        if (text.chars().anyMatch(Character::isISOControl) && !name.equals("description")) {
            add(field, "holds a control character");
            return null;
        }
        return text;
    }

    private Match match(JsonNode v, String path, Match absent) {
        if (v == null || v.isNull()) return absent;
        if (v.isTextual()) {
            for (Match m : Match.values()) {
                if (m.wire().equals(v.asText().strip())) return m;
            }
        }
        add(path, "must be 'all' or 'any', not " + shown(v));
        return absent;
    }

    private double threat(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            add(path, "is required: the rule's threat score, from 0 to 1");
            return 0;
        }
        if (!v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() <= 1)) {
            add(path, "must be a number from 0 to 1, not " + shown(v));
            return 0;
        }
        return v.doubleValue();
    }

    private boolean bool(JsonNode v, String path, boolean absent) {
        if (v == null || v.isNull()) return absent;
        if (!v.isBoolean()) {
            add(path, "must be true or false, not " + shown(v));
            return absent;
        }
        return v.booleanValue();
    }

    private void unknown(JsonNode node, String path, List<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                add(path.isEmpty() ? name : path + "." + name, "unknown field; known: " + String.join(", ", known));
            }
        }
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> names.add("'" + n + "'"));
        return String.join(", ", names);
    }

    /** A value as a message shows it: short, its kind when it is not a scalar. */
    private static String shown(JsonNode v) {
        if (v.isTextual()) {
            String t = v.asText();
            return "'" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'";
        }
        if (v.isArray()) return v.isEmpty() ? "an empty list" : "a list";
        if (v.isObject()) return "an object";
        return v.toString();
    }
}

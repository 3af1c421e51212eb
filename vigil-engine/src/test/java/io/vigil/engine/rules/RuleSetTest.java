package io.vigil.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleSetTest {
    static final String KDD = """
            {"rules": [
              {"name": "syn-flood", "description": "many half-open connections", "match": "all",
               "conditions": [{"field": "count", "op": ">=", "value": 200},
                              {"field": "flag", "op": "in", "value": ["S0", "REJ"]}],
               "threat": 0.95},
              {"name": "guess-passwd", "match": "any",
               "conditions": [{"field": "num_failed_logins", "op": ">", "value": 3},
                              {"all": [{"field": "service", "op": "==", "value": "telnet"},
                                       {"not": {"field": "logged_in", "op": "==", "value": 1}}]}],
               "threat": 0.7, "enabled": false}]}""";

    static List<RuleProblem> problems(String json) {
        try {
            RuleSet.parse(json);
        } catch (InvalidRuleSetException e) {
            return e.problems();
        }
        throw new AssertionError("parsed: " + json);
    }

    static List<String> shown(String json) {
        return problems(json).stream().map(RuleProblem::toString).toList();
    }

    @Test
    void parsesRulesWithGroupsAndDefaults() {
        RuleSet set = RuleSet.parse(KDD);
        assertThat(set.rules()).hasSize(2);
        Rule syn = set.rules().get(0);
        assertThat(syn.name()).isEqualTo("syn-flood");
        assertThat(syn.match()).isEqualTo(Match.ALL);
        assertThat(syn.threat()).isEqualTo(0.95);
        assertThat(syn.enabled()).isTrue();
        assertThat(syn.conditions().get(0)).isInstanceOfSatisfying(Condition.FieldTest.class, t -> {
            assertThat(t.field()).isEqualTo("count");
            assertThat(t.op()).isEqualTo(Operator.GE);
            assertThat(t.value().intValue()).isEqualTo(200);
        });
        Rule guess = set.rules().get(1);
        assertThat(guess.enabled()).isFalse();
        assertThat(guess.conditions().get(1)).isInstanceOfSatisfying(Condition.Group.class, g -> {
            assertThat(g.match()).isEqualTo(Match.ALL);
            assertThat(g.conditions().get(1)).isInstanceOf(Condition.Not.class);
        });
        assertThat(set.enabledRules()).extracting(Rule::name).containsExactly("syn-flood");
        assertThat(set.fields()).containsExactly("count", "flag", "num_failed_logins", "service", "logged_in");
    }

    @Test
    void theJsonItWritesReadsBackTheSame() {
        RuleSet set = RuleSet.parse(KDD);
        RuleSet again = RuleSet.parse(set.toString());
        assertThat(again).isEqualTo(set);
        assertThat(set.toJson().get("rules").get(0).get("enabled").asBoolean()).isTrue();
        assertThat(RuleSet.parse("{\"rules\": []}").rules()).isEmpty();
    }

    @Test
    void anUnknownOperatorIsNamedWithItsPathAndTheKnownOnes() {
        String json = """
                {"rules": [{"name": "a", "conditions": [{"field": "x", "op": ">", "value": 1}], "threat": 1},
                           {"name": "b", "conditions": [{"field": "x", "op": ">", "value": 1}], "threat": 1},
                           {"name": "c", "conditions": [{"field": "x", "op": "gt", "value": 1}], "threat": 1}]}""";
        assertThat(shown(json)).containsExactly("rules[2].conditions[0].op: unknown operator 'gt'; one of "
                + ">, >=, <, <=, ==, !=, in, not_in, contains, starts_with, ends_with, exists, missing");
    }

    @Test
    void everyProblemOfARuleIsNamedAtOnce() {
        String json = """
                {"rules": [{"name": " ", "match": "most", "conditions": [], "threat": 1.5, "enabled": "yes", "severity": 3}],
                 "version": 2}""";
        assertThat(shown(json)).containsExactly(
                "version: unknown field; known: rules",
                "rules[0].severity: unknown field; known: name, description, match, conditions, threat, enabled",
                "rules[0].name: is blank",
                "rules[0].match: must be 'all' or 'any', not 'most'",
                "rules[0].threat: must be a number from 0 to 1, not 1.5",
                "rules[0].enabled: must be true or false, not 'yes'",
                "rules[0].conditions: must be a list of at least one condition");
    }

    @Test
    void requiredPartsOfARule() {
        assertThat(shown("{\"rules\": [{}]}")).containsExactly(
                "rules[0].name: is required",
                "rules[0].threat: is required: the rule's threat score, from 0 to 1",
                "rules[0].conditions: is required: a list of at least one condition");
        assertThat(shown("{}")).containsExactly("rules: is required: a list of rules (empty for none)");
        assertThat(shown("[1]")).containsExactly("a rule set is a JSON object: {\"rules\": [...]}");
        assertThat(shown("{\"rules\": [3]}")).containsExactly("rules[0]: a rule is an object with name, conditions and threat");
    }

    @Test
    void namesAreUniqueCaseIgnored() {
        String json = """
                {"rules": [{"name": "Scan", "conditions": [{"field": "x", "op": "exists"}], "threat": 0.5},
                           {"name": "scan", "conditions": [{"field": "x", "op": "exists"}], "threat": 0.5}]}""";
        assertThat(shown(json)).containsExactly("rules[1].name: 'scan' names another rule too (names are unique, case ignored)");
        String longName = "n".repeat(101);
        assertThat(shown("{\"rules\": [{\"name\": \"" + longName + "\", \"conditions\": [{\"field\": \"x\", \"op\": \"exists\"}], \"threat\": 0}]}"))
                .containsExactly("rules[0].name: has at most 100 characters; this one has 101");
    }

    @Test
    void theValueMustFitTheOperator() {
        String json = """
                {"rules": [{"name": "r", "match": "any", "threat": 0.5, "conditions": [
                  {"field": "count", "op": ">=", "value": "200"},
                  {"field": "count", "op": "<", "value": null},
                  {"field": "flag", "op": "==", "value": ["S0"]},
                  {"field": "flag", "op": "==", "value": null},
                  {"field": "flag", "op": "in", "value": []},
                  {"field": "flag", "op": "not_in", "value": ["S0", true, null, 3]},
                  {"field": "host", "op": "contains", "value": ""},
                  {"field": "host", "op": "starts_with", "value": 7},
                  {"field": "host", "op": "exists", "value": true},
                  {"field": "", "op": "missing"},
                  {"field": "count", "op": ">", "value": 1, "ignoreCase": true},
                  {"field": "flag", "op": "==", "value": "s0", "ignoreCase": "yes"},
                  {"op": "==", "value": 1, "threshold": 2}]}]}""";
        assertThat(shown(json)).containsExactly(
                "rules[0].conditions[0].value: operator '>=' compares numbers: the value must be a finite number, not '200'",
                "rules[0].conditions[1].value: operator '<' compares numbers: the value must be a finite number",
                "rules[0].conditions[2].value: operator '==' takes a number, a text or a boolean, not a list",
                "rules[0].conditions[3].value: is required: a number, a text or a boolean (a missing field is tested by 'missing')",
                "rules[0].conditions[4].value: operator 'in' takes a non-empty list of texts and numbers, not an empty list",
                "rules[0].conditions[5].value[1]: a list holds texts and finite numbers, not true",
                "rules[0].conditions[5].value[2]: a list holds texts and finite numbers, not null",
                "rules[0].conditions[6].value: operator 'contains' takes a non-empty text, not ''",
                "rules[0].conditions[7].value: operator 'starts_with' takes a non-empty text, not 7",
                "rules[0].conditions[8].value: operator 'exists' takes no value",
                "rules[0].conditions[9].field: is blank",
                "rules[0].conditions[10].ignoreCase: applies to text values only; operator '>' here compares numbers or booleans",
                "rules[0].conditions[11].ignoreCase: must be true or false, not 'yes'",
                "rules[0].conditions[12].threshold: unknown field; known: field, op, value, ignoreCase",
                "rules[0].conditions[12].field: is required");
    }

    @Test
    void groupsAreNamedByTheirPathAndBounded() {
        String json = """
                {"rules": [{"name": "r", "threat": 0.5, "conditions": [
                  {"any": [{"field": "a", "op": "exists"}, {"not": {"field": "b", "op": "=~", "value": "x"}}]},
                  {"all": [], "any": []},
                  {"not": [1]},
                  {"any": [{"all": [{"any": [{"all": [{"field": "deep", "op": "exists"}]}]}]}]}]}]}""";
        assertThat(shown(json)).containsExactly(
                "rules[0].conditions[0].any[1].not.op: unknown operator '=~'; one of " + Operator.SYMBOLS,
                "rules[0].conditions[1]: a group has one field, 'all', 'any' or 'not'; this one has 'all', 'any'",
                "rules[0].conditions[2].not: must be one condition (an object)",
                "rules[0].conditions[3].any[0].all[0].any[0]: groups nest at most 4 deep");
    }

    @Test
    void sizesAreBounded() {
        StringBuilder many = new StringBuilder("{\"rules\": [");
        for (int i = 0; i < 1001; i++) many.append(i == 0 ? "" : ",").append("{}");
        assertThat(shown(many.append("]}").toString())).containsExactly("rules: at most 1000 rules; this set has 1001");

        StringBuilder conditions = new StringBuilder("{\"rules\": [{\"name\": \"r\", \"threat\": 1, \"conditions\": [");
        for (int i = 0; i < 101; i++) conditions.append(i == 0 ? "" : ",").append("{\"field\": \"f").append(i).append("\", \"op\": \"exists\"}");
        assertThat(shown(conditions.append("]}]}").toString()))
                .containsExactly("rules[0].conditions: at most 100 conditions in a rule, groups and their members counted; this one has 101");

        StringBuilder list = new StringBuilder("{\"rules\": [{\"name\": \"r\", \"threat\": 1, \"conditions\": [{\"field\": \"port\", \"op\": \"in\", \"value\": [");
        for (int i = 0; i < 10_001; i++) list.append(i == 0 ? "" : ",").append(i);
        assertThat(shown(list.append("]}]}]}").toString()))
                .containsExactly("rules[0].conditions[0].value: at most 10000 values in a list; this one has 10001");
    }

    @Test
    void badJsonIsNamedWithWhereItBreaks() {
        assertThat(shown("{\"rules\": [")).singleElement().asString()
                .startsWith("not valid JSON (line 1, column 12)");
        assertThat(shown("{\"rules\": [], \"rules\": []}")).singleElement().asString()
                .contains("not valid JSON").contains("Duplicate field 'rules'");
        assertThatThrownBy(() -> RuleSet.parse("{\"rules\": [{\"name\": \"x\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid rule set: rules[0].threat: is required");
    }

    @Test
    void checkNamesFieldsTheModelDoesNotHaveWithTheNearestOne() {
        RuleSet set = RuleSet.parse(KDD);
        List<RuleProblem> problems = set.check(Set.of("count", "flag", "num_failed_login", "service", "srv_count"));
        assertThat(problems).extracting(RuleProblem::toString).containsExactly(
                "rules[1].conditions[0].field: 'num_failed_logins' is not a field of the model's records; did you mean 'num_failed_login'?",
                "rules[1].conditions[1].all[1].not.field: 'logged_in' is not a field of the model's records");
        assertThat(set.check(Set.copyOf(set.fields()))).isEmpty();
    }
}

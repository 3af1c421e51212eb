package io.vigil.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Access;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz run's role-matrix oracle: which route a damaged request addresses, and what each caller may be answered there. */
class AccessRulesTest {
    private static final FuzzTarget.RouteSpec DATASET = new FuzzTarget.RouteSpec("GET", "/ml/datasets/{id}", Access.DATA, false);
    private static final FuzzTarget.RouteSpec DATASETS = new FuzzTarget.RouteSpec("GET", "/ml/datasets", Access.DATA, false);
    private static final FuzzTarget.RouteSpec CREATE_MODEL = new FuzzTarget.RouteSpec("POST", "/ml/models", Access.CHANGE, true);
    private static final FuzzTarget.RouteSpec LOGIN = new FuzzTarget.RouteSpec("POST", "/auth/login", Access.PUBLIC, true);
    private static final AccessRules RULES = new AccessRules(List.of(DATASET, DATASETS, CREATE_MODEL, LOGIN));

    @Test
    void aDamagedTargetStillAddressesTheRouteAServerMightRouteItTo() {
        assertThat(RULES.addressed("GET", "/ml/datasets/")).isEqualTo(DATASETS);
        assertThat(RULES.addressed("get", "//ML/Datasets/./x/../abc?page=1#f")).isEqualTo(DATASET);
        assertThat(RULES.addressed("HEAD", "http://evil.example/ml/datasets/%61bc")).isEqualTo(DATASET);
        assertThat(RULES.addressed("GET", "/ml/datasets/abc/..")).isEqualTo(DATASETS);
        assertThat(RULES.addressed("DELETE", "/ml/datasets/abc")).isNull();
        assertThat(RULES.addressed("GET", "/%2e%2e/ml/datasets")).as("above the root").isNull();
        assertThat(RULES.addressed("GET", "*")).isNull();
    }

    @Test
    void aCallerWithoutTheRouteAccessIsNeverAnsweredBelow400() {
        assertThat(check(sent(DATASET, FuzzIdentity.ANALYST, "GET", "/ml/datasets/x", false), 200, null))
                .contains("analyst answered 200");
        assertThat(check(sent(DATASET, FuzzIdentity.NONE, "GET", "/ML/datasets/x/", false), 101, null))
                .contains("no identity answered 101");
        assertThat(check(sent(DATASET, FuzzIdentity.SERVICE, "GET", "/ml/datasets/x?q=%zz", false), 400, null)).isNull();
        assertThat(check(sent(DATASET, FuzzIdentity.FORGED, "GET", "/ml/nothing", false), 200, null)).as("no such route").isNull();
    }

    @Test
    void whenOnlyTheBodyWasDamagedNobodyGets401AndTooLittleRole403() {
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.NONE, "POST", "/ml/models", true), 401, "Bearer realm=\"vigil\"")).isNull();
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.NONE, "POST", "/ml/models", true), 401, null))
                .isEqualTo("401 without WWW-Authenticate");
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.FORGED, "POST", "/ml/models", true), 400, null)).contains("not 401");
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.ANALYST, "POST", "/ml/models", true), 403, null)).isNull();
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.ANALYST, "POST", "/ml/models", true), 401, "Bearer")).contains("not 403");
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.ANALYST, "POST", "/ml/models", true), 429, null)).isNull();
    }

    @Test
    void aCallerWithTheRouteAccessIsNeverRefused401Or403ForItsBody() {
        String routeRefused = "this route needs the right to " + Access.CHANGE.meaning() + " (roles: admin, data_scientist); ...";
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.DATA_SCIENTIST, "POST", "/ml/models", true), 400, null)).isNull();
        assertThat(RULES.check(sent(CREATE_MODEL, FuzzIdentity.ADMIN, "POST", "/ml/models", true), 403, null, routeRefused))
                .contains("admin refused 403");
        assertThat(check(sent(CREATE_MODEL, FuzzIdentity.ADMIN, "POST", "/ml/models", true), 401, "Bearer")).contains("admin refused 401");
        assertThat(RULES.check(sent(CREATE_MODEL, FuzzIdentity.ADMIN, "POST", "/ml/models", true), 403, null,
                "scoring a stored dataset needs the right to " + Access.DATA.meaning() + " (roles: ...)"))
                .as("a handler asking more of this request than the route does").isNull();
        assertThat(RULES.check(sent(CREATE_MODEL, FuzzIdentity.ADMIN, "POST", "/ml/models", false), 403, null, routeRefused))
                .as("a damaged head may be refused 403 (an Origin)").isNull();
    }

    @Test
    void openRoutesAnswerAnyone() {
        assertThat(check(sent(LOGIN, FuzzIdentity.FORGED, "POST", "/auth/login", true), 401, null)).isNull();
        assertThat(check(sent(LOGIN, FuzzIdentity.NONE, "POST", "/auth/login", true), 200, null)).isNull();
    }

    private static String check(FuzzCases.FuzzCase c, int status, String wwwAuthenticate) {
        return RULES.check(c, status, wwwAuthenticate, null);
    }

    private static FuzzCases.FuzzCase sent(FuzzTarget.RouteSpec route, FuzzIdentity identity, String method, String target,
                                           boolean plainHead) {
        return new FuzzCases.FuzzCase(0, route, plainHead ? "body" : "path", new byte[0], false, identity, "key", FuzzPhase.OPEN,
                method, target, plainHead);
    }
}

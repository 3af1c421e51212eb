package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A query whose escapes cannot be read is refused whole: Javalin would drop the parameter without a word. */
class QueryEscapesTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "name=flows", "name=a%20b&page=2", "name=%2e%2e%2f", "name=%C3%A9t%C3%A9", "q=%F0%9F%98%80",
            "name=%00", "a=1+2", "name=%25zz", "name=%2"+"5"})
    void readableEscapesPass(String query) {
        assertThat(QueryEscapes.problem(query)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"force=%zz", "name=%", "name=abc%2", "name=%u002e%u002e%u2215", "name=%c0%ae%c0%ae%c0%af",
            "name=%e0%80%ae", "name=%ff", "name=%C3", "name=%ED%A0%80"})
    void unreadableEscapesAreRefused(String query) {
        assertThat(QueryEscapes.problem(query)).isNotNull();
    }
}

package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import io.vigil.server.auth.Access;
import io.vigil.server.limits.RouteGroup;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which budget a request spends: its route's group, and the key of its address. */
class RateLimitGateTest {
    private static Route route(HandlerType method, String path, Access access) {
        return new Route(method, path, access, ctx -> { }, null);
    }

    @Test
    void aRoutesGroupFollowsFromItsDeclaration() {
        assertThat(RateLimitGate.groupOf(route(HandlerType.POST, "/auth/login", Access.PUBLIC))).isEqualTo(RouteGroup.LOGIN);
        assertThat(RateLimitGate.groupOf(route(HandlerType.GET, "/health", Access.PUBLIC).highVolume())).as("probes: none").isNull();
        assertThat(RateLimitGate.groupOf(route(HandlerType.GET, "/openapi.yaml", Access.PUBLIC))).isEqualTo(RouteGroup.OTHER);
        assertThat(RateLimitGate.groupOf(route(HandlerType.POST, "/ml/datasets/upload", Access.DATA).upload())).isEqualTo(RouteGroup.UPLOADS);
        assertThat(RateLimitGate.groupOf(route(HandlerType.POST, "/ml/predict", Access.PREDICT).highVolume()))
                .isEqualTo(RouteGroup.PREDICTIONS);
        assertThat(RateLimitGate.groupOf(route(HandlerType.GET, "/v2/models/{name}", Access.PREDICT))).isEqualTo(RouteGroup.PREDICTIONS);
        assertThat(RateLimitGate.groupOf(route(HandlerType.POST, "/ml/models", Access.CHANGE))).isEqualTo(RouteGroup.OTHER);
        assertThat(RateLimitGate.groupOf(null)).as("no route").isEqualTo(RouteGroup.OTHER);
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() throws Exception {
        String one = RateLimitGate.network64((Inet6Address) InetAddress.getByName("2001:db8:1:2:aaaa::1"));
        String other = RateLimitGate.network64((Inet6Address) InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:fffe"));
        String nextNetwork = RateLimitGate.network64((Inet6Address) InetAddress.getByName("2001:db8:1:3::1"));
        assertThat(one).isEqualTo("2001:db8:1:2::/64").isEqualTo(other);
        assertThat(nextNetwork).isEqualTo("2001:db8:1:3::/64");
    }
}

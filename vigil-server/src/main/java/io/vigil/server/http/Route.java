package io.vigil.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One line of the route table: method, path, the role it needs, and what answers it. */
public record Route(HandlerType method, String path, Role role, Handler handler) {
    public static Route get(String path, Role role, Handler handler) {
        return new Route(HandlerType.GET, path, role, handler);
    }

    public static Route post(String path, Role role, Handler handler) {
        return new Route(HandlerType.POST, path, role, handler);
    }

    public static Route put(String path, Role role, Handler handler) {
        return new Route(HandlerType.PUT, path, role, handler);
    }

    public static Route patch(String path, Role role, Handler handler) {
        return new Route(HandlerType.PATCH, path, role, handler);
    }

    public static Route delete(String path, Role role, Handler handler) {
        return new Route(HandlerType.DELETE, path, role, handler);
    }
}

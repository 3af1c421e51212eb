package io.vigil.server.http;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. Every route declares one from the start; the authentication layer
 * (a later issue) enforces it. Roles are ordered: each one includes the rights of those before it,
 * except {@link #SERVICE}, which only scores.
 */
public enum Role implements RouteRole {
    /** No authentication: liveness, readiness, the API description. */
    PUBLIC,
    /** Machine clients of the SOC pipeline: predictions only. */
    SERVICE,
    /** Read datasets, models, metrics and alerts. */
    ANALYST,
    /** Upload data, train, validate and deploy models. */
    DATA_SCIENTIST,
    /** Everything, including users and keys. */
    ADMIN
}

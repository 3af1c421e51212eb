package io.vigil.server.auth;

/**
 * What a route needs: every route of the API declares one level, and {@link Permissions} says which
 * roles have it. A level names a kind of work, not a role, so a role can change what it may do in
 * one table without touching the routes.
 */
public enum Access {
    /** Anyone, without identity: liveness, readiness, the API description, logging in. */
    PUBLIC("anyone, without identity"),
    /** Any identified caller: who am I. */
    IDENTIFIED("any identified caller"),
    /** Scoring events: predictions and the feedback on them (and, later, ingest). The SOC pipeline's machines. */
    PREDICT("predict"),
    /** Reading models, versions, metrics, jobs, events and the serving state. */
    READ("read models, versions, metrics, jobs and events"),
    /** Working incidents: status, assignee, notes. The SOC's analysts. */
    TRIAGE("triage incidents: status, assignee and notes"),
    /** Raw datasets, read or changed: they may hold personal data. */
    DATA("read and change datasets"),
    /** Changing models and jobs: create, train, validate, deploy, roll back, retire, cancel. */
    CHANGE("change models and jobs"),
    /** Users and API keys. */
    ADMIN("manage users and API keys");

    private final String meaning;

    Access(String meaning) {
        this.meaning = meaning;
    }

    /** What the level allows, in words (for {@code GET /auth/me} and error messages). */
    public String meaning() {
        return meaning;
    }

    /** The name in JSON: {@code predict}, {@code read}, ... */
    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.vigil.server.core;

/** One invalid input field of a request: where it is and what is wrong with it. */
public record FieldError(String field, String message) {}

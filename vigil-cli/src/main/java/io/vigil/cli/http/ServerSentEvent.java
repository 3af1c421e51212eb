package io.vigil.cli.http;

/** One Server-Sent Event: its {@code event:} type (default "message") and its {@code data:} text. */
public record ServerSentEvent(String type, String data) {}

/**
 * The JSON-lines event log: every object it is given appended as one line, acknowledged once
 * written, in files rotated by UTC day and size, gzip-compressed and pruned to a count once
 * rotated. It knows nothing of what the objects are ({@code EventLog}).
 */
package io.vigil.server.eventlog;

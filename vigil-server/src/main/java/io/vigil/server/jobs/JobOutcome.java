package io.vigil.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;

/** How one run ended, decided from what the handler did and why it was asked to stop. */
record JobOutcome(Kind kind, JsonNode result, BiConsumer<Handle, Job> onCommit, String error, Throwable cause) {
    enum Kind { SUCCEEDED, FAILED, CANCELLED, REQUEUE, ABANDON }

    static final int MAX_ERROR_LENGTH = 2000;

    static JobOutcome succeeded(JobResult result) {
        return result == null ? new JobOutcome(Kind.SUCCEEDED, null, null, null, null)
                : new JobOutcome(Kind.SUCCEEDED, result.value(), result.onCommit(), null, null);
    }

    /** The handler threw: a stop it was asked for, or a failure with the exception's message. */
    static JobOutcome thrown(Throwable t, CancellationSignal signal, Job job) {
        CancellationSignal.Reason reason = signal.reason();
        if (reason == null && t instanceof JobCancelledException) {
            reason = CancellationSignal.Reason.CANCEL_REQUESTED; // the handler decided to stop itself
        }
        if (reason == null) {
            return failed(t);
        }
        return switch (reason) {
            case CANCEL_REQUESTED -> new JobOutcome(Kind.CANCELLED, null, null, null, null);
            case TIME_LIMIT -> new JobOutcome(Kind.FAILED, null, null,
                    "time limit of " + job.timeLimitSeconds() + " s exceeded", null);
            case SHUTDOWN -> new JobOutcome(Kind.REQUEUE, null, null, null, null);
            case LOST -> new JobOutcome(Kind.ABANDON, null, null, null, null);
        };
    }

    static JobOutcome failed(Throwable t) {
        return new JobOutcome(Kind.FAILED, null, null, message(t), t);
    }

    /** The exception's own message (never a stack trace), else its type; running out of memory says what to do. */
    static String message(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return outOfMemory(t.getMessage(), Runtime.getRuntime().maxMemory());
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return message.length() <= MAX_ERROR_LENGTH ? message : message.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    /** A dataset larger than the heap is the usual cause: the job says so, and how to give the server more. */
    static String outOfMemory(String what, long maxHeapBytes) {
        return "out of memory (" + (what == null || what.isBlank() ? "OutOfMemoryError" : what) + "): the server's heap is "
                + Math.round(maxHeapBytes / (1024.0 * 1024)) + " MB. Start it with more, e.g. VIGIL_JAVA_OPTS=-Xmx8g ./vigil serve, "
                + "or train on a sample of the data";
    }
}

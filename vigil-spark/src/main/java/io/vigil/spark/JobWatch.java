package io.vigil.spark;

import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingProgress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.JobExecutionStatus;

/**
 * Watches one training's Spark jobs (its job group) while the fit runs on the caller's thread: a
 * few times a second it reports progress, estimated from the jobs finished against those the
 * algorithm usually runs (an MLlib fit is one call that runs a job per tree level), and, once the
 * training is cancelled, cancels the group so Spark stops its tasks.
 */
final class JobWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 250;

    private final JavaSparkContext spark;
    private final String group;
    private final TrainingContext context;
    private final int expectedJobs;
    private final ScheduledExecutorService timer;
    private volatile boolean cancelled;
    private volatile int done;

    JobWatch(JavaSparkContext spark, String group, TrainingContext context, int expectedJobs) {
        this.spark = spark;
        this.group = group;
        this.context = context;
        this.expectedJobs = Math.max(1, expectedJobs);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-spark-watch-" + group);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::look, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The group's Spark jobs finished at the last look (the status tracker keeps the last 1,000 jobs). */
    int jobsDone() {
        return done;
    }

    /** True once this watch cancelled the group. */
    boolean cancelled() {
        return cancelled;
    }

    private void look() {
        try {
            if (!cancelled && context.cancellation().isCancelled()) {
                cancelled = true;
                // an MLlib fit runs many short jobs: the one running now and every later one of the group are cancelled
                spark.sc().cancelJobGroupAndFutureJobs(group, "the Vigil training was cancelled");
                return;
            }
            JavaSparkStatusTracker tracker = spark.statusTracker();
            int finished = 0;
            for (int id : tracker.getJobIdsForGroup(group)) {
                SparkJobInfo info = tracker.getJobInfo(id);
                if (info != null && info.status() == JobExecutionStatus.SUCCEEDED) finished++;
            }
            done = finished;
            // reported at every look, changed or not: the caller's listener is also where its own cancellation reaches the token
            double fraction = Math.min(0.95, (double) done / expectedJobs);
            context.listener().onProgress(new TrainingProgress(fraction, done, expectedJobs, "Spark job " + done + " of about "
                    + expectedJobs));
        } catch (RuntimeException e) {
            // a report that fails must not stop the watch; the next look tries again
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

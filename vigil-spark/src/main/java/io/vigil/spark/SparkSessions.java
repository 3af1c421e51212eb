package io.vigil.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SparkSession of the process, made on first use. Its settings are Spark's own: every
 * {@code spark.*} system property ({@code -Dspark.master=spark://host:7077}, {@code
 * -Dspark.executor.memory=4g} ...), which {@link SparkConf} reads; {@code ./vigil serve --with-spark}
 * turns {@code VIGIL_SPARK_MASTER} into {@code -Dspark.master}. Without a master Spark runs in this
 * process ({@value #DEFAULT_MASTER}). A local master's driver listens on loopback only, and the web UI
 * is off unless asked for. Spark's own shutdown hook stops the session when the process ends.
 */
final class SparkSessions {
    static final String DEFAULT_MASTER = "local[*]";
    private static final Logger log = LoggerFactory.getLogger(SparkSessions.class);
    private static SparkSession session;

    private SparkSessions() {
    }

    /** The master trainings go to, as configured (the session need not exist yet). */
    static String master() {
        return new SparkConf().get("spark.master", DEFAULT_MASTER);
    }

    static synchronized SparkSession get() {
        if (session != null && !session.sparkContext().isStopped()) return session;
        SparkConf conf = new SparkConf().setIfMissing("spark.master", DEFAULT_MASTER).setIfMissing("spark.app.name", "vigil")
                .setIfMissing("spark.ui.enabled", "false")
                // its metrics servlet needs the Servlet 5 API, which Vigil's Jetty 12 replaces by 6 (NoMetricsServlet)
                .setIfMissing("spark.metrics.conf.*.sink.servlet.class", NoMetricsServlet.class.getName());
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        long start = System.nanoTime();
        session = SparkSession.builder().config(conf).getOrCreate();
        log.atInfo().setMessage("Spark session started").addKeyValue("master", session.sparkContext().master())
                .addKeyValue("sparkVersion", session.version()).addKeyValue("millis", (System.nanoTime() - start) / 1_000_000).log();
        return session;
    }
}

package io.vigil.spark;

import com.codahale.metrics.MetricRegistry;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

/**
 * Spark's driver metrics servlet without its handler. A SparkContext builds that handler even with
 * the web UI off, and Spark's (shaded) Jetty 11 needs the Servlet 5 API for it, which Vigil's Jetty 12
 * (Servlet 6) replaces in the same process: {@link SparkSessions} configures this sink in its place.
 * Spark's metrics stay readable through its other sinks and the status API.
 */
public final class NoMetricsServlet extends MetricsServlet {

    public NoMetricsServlet(Properties property, MetricRegistry registry) {
        super(property, registry);
    }

    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}

package io.vigil.server;

import io.vigil.server.config.ConfigException;
import io.vigil.server.config.ConfigLoader;
import io.vigil.server.config.VigilConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Entry point: {@code java -jar vigil-server.jar serve [--config vigil.yaml]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "serve" -> { }
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        fail("--config needs a file path");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    System.out.println("usage: vigil serve [--config vigil.yaml]\n"
                            + "Settings come from built-in defaults, then vigil.yaml, then VIGIL_* environment variables (see README).");
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "'; usage: vigil serve [--config vigil.yaml]");
            }
        }
        VigilConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv());
        } catch (ConfigException e) {
            fail("configuration error: " + e.getMessage());
            return;
        }
        // Logback reads this when the first logger is made, so it must be set before any logging.
        System.setProperty("VIGIL_LOG_FORMAT", config.logFormat());

        Vigil vigil;
        try {
            vigil = Vigil.start(config);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).atError().setCause(e).log("Vigil could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vigil.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        System.out.println("Vigil " + Vigil.VERSION + " is listening on " + (config.edge().tls() == null ? "http" : "https") + "://"
                + config.host() + ":" + vigil.port()
                + "  (API docs: /docs, stop with Ctrl+C)");
        stopped.await();
    }

    private static void fail(String message) {
        System.err.println("vigil: " + message);
        System.exit(2);
    }
}

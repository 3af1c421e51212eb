package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU used while a load step runs, to report per request: the server's JVM, its embedded
 * PostgreSQL (the postmaster started on the server's data directory, and its backends), and the
 * whole machine (from {@code /proc/stat}, so the load generator is in it). On a 2-core machine
 * shared by all three, CPU per request says more than requests per second, which moves with
 * the VM's steal time.
 */
final class CpuMeter {
    private final ProcessHandle server;
    private final String dataDir;

    CpuMeter(Process server, Path dataDir) {
        this.server = server.toHandle();
        this.dataDir = dataDir.toString();
    }

    record Snapshot(long serverNanos, long postgresNanos, long machineNanos) {
        /** CPU microseconds per request between {@code before} and this: server, PostgreSQL and machine as three table cells. */
        String perRequest(Snapshot before, double requests) {
            return String.format("%.0f | %.0f | %.0f", (serverNanos - before.serverNanos) / 1e3 / requests,
                    (postgresNanos - before.postgresNanos) / 1e3 / requests, (machineNanos - before.machineNanos) / 1e3 / requests);
        }
    }

    Snapshot take() {
        return new Snapshot(cpu(server), postgres(), machine());
    }

    private long postgres() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .mapToLong(CpuMeter::cpu).sum();
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Busy time of all cores: user, nice, system, irq and softirq ticks (USER_HZ is 100 on Linux). */
    private static long machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0; // not Linux: the column reads 0
        }
    }
}

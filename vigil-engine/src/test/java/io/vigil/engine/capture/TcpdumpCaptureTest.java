package io.vigil.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture written by a real tool: Debian's tcpdump records, on the loopback interface, a TCP
 * exchange and a UDP datagram this test makes itself; the flows must be those. Skipped, saying why,
 * only when tcpdump is missing or cannot capture here (.ci/run installs it; root can capture on lo).
 */
class TcpdumpCaptureTest {

    @Test
    void flowsOfTrafficTcpdumpRecordedOnLoopback(@TempDir Path dir) throws Exception {
        Path tcpdump = Path.of("/usr/bin/tcpdump");
        Assumptions.assumeTrue(Files.isExecutable(tcpdump), "tcpdump is not installed (apt-get install tcpdump; .ci/run does)");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 1, loopback); DatagramSocket receiver = new DatagramSocket(0, loopback)) {
            int tcpPort = server.getLocalPort();
            int udpPort = receiver.getLocalPort();
            Path file = dir.resolve("lo.pcap");
            Process capture = new ProcessBuilder(tcpdump.toString(), "-i", "lo", "--immediate-mode", "-U", "-n", "-w", file.toString(),
                    "tcp port " + tcpPort + " or udp port " + udpPort).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("tcpdump.log").toFile()).start();
            try {
                Assumptions.assumeTrue(listening(capture, dir.resolve("tcpdump.log")), "tcpdump cannot capture on lo in this container");

                int clientPort = exchange(server, loopback, tcpPort);
                try (DatagramSocket sender = new DatagramSocket(0, loopback)) {
                    sender.send(new DatagramPacket(new byte[20], 20, new InetSocketAddress(loopback, udpPort)));
                    receiver.receive(new DatagramPacket(new byte[64], 64));
                    Thread.sleep(500); // immediate mode hands each packet over at once, -U writes it at once
                    capture.destroy(); // SIGTERM: tcpdump flushes and exits
                    assertThat(capture.waitFor(10, TimeUnit.SECONDS)).isTrue();

                    List<Map<String, String>> flows = CaptureFlowsTest.flows(Files.readAllBytes(file), CaptureOptions.defaults());
                    // The client's FIN ends the TCP flow (handshake, 100 bytes out, 50 back); the server's FIN and the
                    // last ACK make a second flow, as CICFlowMeter cuts it.
                    Map<String, String> tcp = CaptureFlowsTest.only(flows, f -> f.get("Source Port").equals("" + clientPort)
                            && f.get("Destination Port").equals("" + tcpPort));
                    assertThat(tcp.get("Source IP")).isEqualTo("127.0.0.1");
                    assertThat(tcp.get("Protocol")).isEqualTo("6");
                    assertThat(tcp.get("Total Length of Fwd Packets")).isEqualTo("100");
                    assertThat(tcp.get("Total Length of Bwd Packets")).isEqualTo("50");
                    assertThat(tcp.get("SYN Flag Count")).isEqualTo("2");
                    assertThat(tcp.get("FIN Flag Count")).isEqualTo("1");
                    assertThat(tcp.get("act_data_pkt_fwd")).isEqualTo("1");
                    assertThat(Long.parseLong(tcp.get("Total Fwd Packets"))).isGreaterThanOrEqualTo(4); // SYN, ACK, data, FIN
                    assertThat(Long.parseLong(tcp.get("Total Backward Packets"))).isGreaterThanOrEqualTo(2); // SYN-ACK, data
                    assertThat(Long.parseLong(tcp.get("min_seg_size_forward"))).isGreaterThanOrEqualTo(20);

                    Map<String, String> udp = CaptureFlowsTest.only(flows, f -> f.get("Protocol").equals("17"));
                    assertThat(udp.get("Destination Port")).isEqualTo("" + udpPort);
                    assertThat(udp.get("Source Port")).isEqualTo("" + sender.getLocalPort());
                    assertThat(udp.get("Total Length of Fwd Packets")).isEqualTo("20");
                    assertThat(udp.get("Fwd Header Length")).isEqualTo("8");

                    // The same file gzip-compressed reads the same.
                    assertThat(CaptureFlowsTest.flows(TestCaptures.gzip(Files.readAllBytes(file)), CaptureOptions.defaults()))
                            .isEqualTo(flows);
                }
            } finally {
                capture.destroyForcibly();
            }
        }
    }

    /** Waits for tcpdump's "listening on" line; false when it exits first. */
    private static boolean listening(Process tcpdump, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("listening on")) {
                return true;
            }
            if (!tcpdump.isAlive()) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Connects, sends 100 bytes, gets 50 back, and the client closes first; returns the client's port. */
    private static int exchange(ServerSocket server, InetAddress loopback, int port) throws Exception {
        try (Socket client = new Socket(loopback, port); Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            out.write(new byte[100]);
            out.flush();
            assertThat(accepted.getInputStream().readNBytes(100)).hasSize(100);
            accepted.getOutputStream().write(new byte[50]);
            accepted.getOutputStream().flush();
            assertThat(client.getInputStream().readNBytes(50)).hasSize(50);
            int clientPort = client.getLocalPort();
            client.close();
            assertThat(accepted.getInputStream().read()).isEqualTo(-1); // the client's FIN arrived
            return clientPort;
        }
    }
}

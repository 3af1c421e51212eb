package io.vigil.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP exchange over a raw socket: the request goes out byte for byte, as an HTTP client
 * would never write it (bad escapes, spaces, broken framing), and the first answer is read back.
 */
public final class RawHttp {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private RawHttp() {}

    /**
     * The first answer to {@code request}, or an {@link Answer} with {@code status} 0 when none came.
     *
     * @param halfClose end the request side after sending (the server sees the end of the input)
     */
    public static Answer exchange(String host, int port, byte[] request, Duration timeout, boolean halfClose) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 5000));
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedMidway) {
                // the server may answer (413, 431) and close before it took the whole request: read what it said
            }
            boolean head = request.length >= 5 && new String(request, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
            return read(socket.getInputStream(), head);
        } catch (SocketTimeoutException e) {
            return Answer.none("no answer within " + timeout);
        } catch (IOException | RuntimeException e) { // a malformed answer is reported, not thrown
            return Answer.none(e.toString());
        }
    }

    private static Answer read(InputStream in, boolean headRequest) throws IOException {
        while (true) {
            byte[] head = readHead(in);
            if (head == null) {
                return Answer.none("connection closed without an answer");
            }
            String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (RuntimeException e) {
                return Answer.none("not an HTTP answer: " + lines[0]);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            if (status == 100 || status == 102 || status == 103) {
                continue; // interim answers: the real one follows
            }
            Answer answer = new Answer(status, lines[0], headers, new byte[0], null);
            String type = answer.header("Content-Type");
            if (headRequest || status == 101 || status == 204 || status == 304 || type != null && type.startsWith("text/event-stream")) {
                return answer; // no body (HEAD), an upgraded connection, or an endless stream: the head is the answer
            }
            return answer.withBody(readBody(in, answer));
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toByteArray();
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                    : b == '\r' ? 1 : 0;
            if (head.size() > MAX_HEAD) {
                throw new IOException("answer head larger than " + MAX_HEAD);
            }
        }
        byte[] bytes = head.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 4);
    }

    private static byte[] readBody(InputStream in, Answer answer) throws IOException {
        String length = answer.header("Content-Length");
        String encoding = answer.header("Transfer-Encoding");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = readLine(in);
                int chunk = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (chunk == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                copy(in, body, chunk);
                readLine(in);
            }
        }
        if (length != null) {
            copy(in, body, Long.parseLong(length));
            return body.toByteArray();
        }
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0 && body.size() < MAX_BODY; ) {
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream to, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long left = Math.min(n, MAX_BODY);
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("answer body ended after " + to.size() + " of " + n + " bytes");
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** An answer; {@code status} 0 means none came ({@code failure} says why). */
    public record Answer(int status, String statusLine, Map<String, List<String>> headers, byte[] body, String failure) {
        static Answer none(String why) {
            return new Answer(0, null, Map.of(), new byte[0], why);
        }

        Answer withBody(byte[] newBody) {
            return new Answer(status, statusLine, headers, newBody, failure);
        }

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text(); // cut in characters: a body of multi-byte characters has fewer than it has bytes
            return status == 0 ? "no answer: " + failure : statusLine + " " + headers + " " + (text.length() > 1000 ? text.substring(0, 1000) + "..." : text);
        }
    }
}

package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A download is typed by the server, not by the uploader (issue 16, item 17): a file uploaded as
 * text/html comes back as application/octet-stream, a known data type keeps its type (without the
 * uploader's parameters), and the answer says {@code X-Content-Type-Options: nosniff}.
 */
class DownloadTypeIT {
    private static final String CSV = "a,b,label\n1,<script>alert(1)</script>,x\n2,3,y\n";
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFileUploadedAsHtmlIsDownloadedAsOpaqueBytes() {
        Response download = http.get("/ml/datasets/" + uploadWithPartType("page.csv", "text/html") + "/download");
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.contentType()).isEqualTo("application/octet-stream");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.text()).isEqualTo(CSV);
    }

    @Test
    void aKnownDataTypeIsKeptWithoutTheUploadersParameters() {
        Response download = http.get("/ml/datasets/" + uploadWithPartType("flows.csv", "text/csv; charset=utf-7; x=<b>") + "/download");
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("text/csv").doesNotContain("utf-7").doesNotContain("<b>");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");

        Response raw = http.send("POST", "/ml/datasets/upload?name=raw&labelColumn=label", "text/csv", CSV.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.status()).as(raw.toString()).isEqualTo(201);
        Response rawDownload = http.get("/ml/datasets/" + raw.json().get("id").asText() + "/download");
        assertThat(rawDownload.contentType()).startsWith("text/csv");
    }

    /** A multipart upload whose file part declares {@code partType}, as a browser form or a hostile client may. */
    private static String uploadWithPartType(String fileName, String partType) {
        String boundary = "vigil-download-type";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"labelColumn\"\r\n\r\nlabel\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + partType + "\r\n\r\n" + CSV + "\r\n--" + boundary + "--\r\n";
        Response r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/datasets/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}

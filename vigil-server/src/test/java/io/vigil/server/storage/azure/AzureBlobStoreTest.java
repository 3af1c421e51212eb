package io.vigil.server.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobStoreContract;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.NoSuchBlobException;
import io.vigil.server.storage.PresignedRequest;
import io.vigil.server.testing.AzuriteServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Azure driver against a real Azure Storage emulator on loopback (Azurite): the whole contract, and what only Azure has. */
class AzureBlobStoreTest extends BlobStoreContract {
    private static final int BLOCK = 1024 * 1024; // small blocks keep the multi-block cases quick
    private String container;

    @Override
    protected BlobStore createStore() {
        container = AzuriteServer.newContainer();
        return AzureBlobStore.connect(AzuriteServer.settings(container), BLOCK);
    }

    @Override
    protected BlobStore reopenStore() {
        return AzureBlobStore.connect(AzuriteServer.settings(container), BLOCK);
    }

    @Override
    protected void overwriteStored(BlobInfo blob, byte[] bytes) {
        raw().getBlobClient(blob.key()).upload(BinaryData.fromBytes(bytes), true);
    }

    @Override
    protected long temporaryItems() {
        return raw().listBlobs().stream().filter(b -> !b.getName().startsWith("sha256/")).count();
    }

    @Override
    protected long bytesThatReachTheStore() {
        return BLOCK; // smaller uploads stay in the writer's one buffer until commit
    }

    private BlobContainerClient raw() {
        return new BlobServiceClientBuilder().connectionString(AzuriteServer.connectionString())
                .httpClient(new JdkHttpClientBuilder().build()).buildClient().getBlobContainerClient(container);
    }

    @Test
    void aMissingContainerStopsTheStartWithItsName() {
        assertThatThrownBy(() -> AzureBlobStore.connect(AzuriteServer.settings("no-such-container")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-container")
                .hasMessageNotContaining(AzuriteServer.KEY);
    }

    @Test
    void aConnectionStringWorksAsWell() throws Exception {
        AzureSettings byString = new AzureSettings(AzuriteServer.connectionString(), null, null, null, container, "vigil/");
        try (AzureBlobStore other = AzureBlobStore.connect(byString)) {
            BlobInfo info;
            try (BlobWriter w = other.newWriter()) {
                w.stream().write("by connection string".getBytes(UTF_8));
                info = w.commit();
            }
            assertThat(raw().getBlobClient("vigil/" + info.key()).exists()).isTrue();
            assertThat(byString.toString()).doesNotContain(AzuriteServer.KEY);
        }
    }

    @Test
    void aBlobOfSeveralBlocksIsCopiedToItsKeyAndTheTemporaryBlobGoes() throws Exception {
        byte[] content = new byte[3 * BLOCK + 777];
        new java.util.Random(9).nextBytes(content);
        BlobInfo info = write(content);
        assertThat(read(info.key())).isEqualTo(content);
        assertThat(readRange(info.key(), BLOCK - 1, 2)).containsExactly(content[BLOCK - 1], content[BLOCK]);
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void sasUrlsDownloadABlobAndUploadAFile() throws Exception {
        BlobInfo info = write("sas bytes".getBytes(UTF_8));
        DirectTransfers direct = store.directTransfers().orElseThrow();
        HttpClient http = HttpClient.newHttpClient();

        PresignedRequest get = direct.downloadUrl(info.key(), "flows.csv", Duration.ofMinutes(5));
        HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(get.url())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("sas bytes");

        String uploadId = UUID.randomUUID().toString();
        PresignedRequest put = direct.uploadUrl(uploadId, Duration.ofMinutes(5));
        HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(put.url())).PUT(HttpRequest.BodyPublishers.ofString("a,b\n1,2\n"));
        put.headers().forEach(upload::header);
        assertThat(http.send(upload.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        try (InputStream in = direct.openUpload(uploadId)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("a,b\n1,2\n");
        }
        direct.deleteUpload(uploadId);
        assertThat(temporaryItems()).isZero();
        assertThatThrownBy(() -> direct.openUpload(uploadId)).isInstanceOf(NoSuchBlobException.class);
    }
}

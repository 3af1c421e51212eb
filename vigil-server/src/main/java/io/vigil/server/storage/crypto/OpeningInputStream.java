package io.vigil.server.storage.crypto;

import io.vigil.server.storage.BlobCorruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.security.GeneralSecurityException;

/**
 * Decrypts a blob in {@link ChunkedGcm}'s layout one chunk at a time, handing out only content
 * whose tag checked. Anything that fails to open (tampering, truncation, the wrong data key)
 * throws {@link BlobCorruptedException}: no unchecked byte is ever returned.
 */
final class OpeningInputStream extends InputStream {
    private final PushbackInputStream in;
    private final String key;
    private final byte[] dataKey;
    private final byte[] sealed = new byte[ChunkedGcm.CHUNK + ChunkedGcm.TAG_BYTES];
    private final byte[] plain = new byte[ChunkedGcm.CHUNK];
    private ChunkedGcm gcm;
    private int position;
    private int available;
    private boolean ended;

    OpeningInputStream(InputStream stored, String key, byte[] dataKey) {
        this.in = new PushbackInputStream(stored, 1);
        this.key = key;
        this.dataKey = dataKey;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == available) {
            if (ended) {
                return -1;
            }
            openNext();
        }
        int n = Math.min(length, available - position);
        System.arraycopy(plain, position, buffer, offset, n);
        position += n;
        return n;
    }

    private void openNext() throws IOException {
        try {
            if (gcm == null) {
                byte[] header = in.readNBytes(ChunkedGcm.HEADER_BYTES);
                if (header.length < ChunkedGcm.HEADER_BYTES) {
                    throw new GeneralSecurityException("shorter than its header");
                }
                gcm = ChunkedGcm.opening(dataKey, header);
            }
            int n = in.readNBytes(sealed, 0, sealed.length);
            boolean last = n < sealed.length || atEnd();
            if (n < ChunkedGcm.TAG_BYTES) {
                throw new GeneralSecurityException("cut short");
            }
            available = gcm.next(sealed, n, last, plain);
            position = 0;
            ended = last;
        } catch (GeneralSecurityException e) {
            throw BlobCorruptedException.undecryptable(key, "it does not decrypt (" + e.getMessage() + ")");
        }
    }

    private boolean atEnd() throws IOException {
        int next = in.read();
        if (next < 0) {
            return true;
        }
        in.unread(next);
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

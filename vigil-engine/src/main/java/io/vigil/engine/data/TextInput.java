package io.vigil.engine.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The byte-level checks every format shares: transparent gzip (by magic number), UTF-8 BOM,
 * empty and binary files. Keeps the first block of decompressed bytes so the format can be
 * sniffed without consuming the stream.
 */
final class TextInput {

    /** How much of the start of the file is sniffed and checked for binary content. */
    static final int HEAD_BYTES = 64 * 1024;

    private final boolean gzip;
    private final String headText;
    private final boolean headIsWholeFile;
    private final StrictUtf8Reader reader;

    private TextInput(boolean gzip, String headText, boolean headIsWholeFile, StrictUtf8Reader reader) {
        this.gzip = gzip;
        this.headText = headText;
        this.headIsWholeFile = headIsWholeFile;
        this.reader = reader;
    }

    static TextInput open(InputStream raw, int maxLineChars) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 64 * 1024);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream content = buffered;
        byte[] head;
        try {
            if (gzip) {
                content = new GZIPInputStream(buffered, 64 * 1024);
            }
            head = content.readNBytes(HEAD_BYTES);
        } catch (ZipException | EOFException e) {
            throw new DataFormatException("the gzip data is corrupt or truncated", -1, e);
        }
        boolean whole = head.length < HEAD_BYTES;
        int start = checkPreamble(head);
        checkNotBinary(head, start);
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(head, start, head.length - start), content);
        StrictUtf8Reader reader = new StrictUtf8Reader(rest, maxLineChars, gzip);
        return new TextInput(gzip, decodeLoosely(head, start), whole, reader);
    }

    /** Returns where the text starts (after a UTF-8 BOM); rejects empty, UTF-16 and ZIP files. */
    private static int checkPreamble(byte[] head) throws DataFormatException {
        int start = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            start = 3;
        }
        if (head.length >= 2) {
            int a = head[0] & 0xff;
            int b = head[1] & 0xff;
            if ((a == 0xFE && b == 0xFF) || (a == 0xFF && b == 0xFE)) {
                throw new DataFormatException("the file is UTF-16 encoded; save it as UTF-8", -1);
            }
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            throw new DataFormatException("the file is a ZIP archive; upload the table inside it "
                    + "(CSV, TSV, JSON Lines or ARFF, optionally gzip-compressed)", -1);
        }
        if (head.length == start) {
            throw new DataFormatException("the file is empty", -1);
        }
        return start;
    }

    /** Control bytes other than tab, line breaks, form feed, SUB and ESC do not occur in text. */
    private static void checkNotBinary(byte[] head, int start) throws DataFormatException {
        for (int i = start; i < head.length; i++) {
            int b = head[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0B && b != 0x0C && b != 0x1A && b != 0x1B) {
                throw new DataFormatException("the file is not text (binary content at byte " + i + ")", -1);
            }
        }
    }

    /** For sniffing only: strict decoding (with line numbers) happens in the reader. */
    private static String decodeLoosely(byte[] head, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(head.length - start);
        decoder.decode(ByteBuffer.wrap(head, start, head.length - start), out, false);
        return out.flip().toString();
    }

    boolean gzip() {
        return gzip;
    }

    /** The decoded start of the file (up to {@value #HEAD_BYTES} bytes), for format sniffing. */
    String headText() {
        return headText;
    }

    /** True when {@link #headText()} is the whole file. */
    boolean headIsWholeFile() {
        return headIsWholeFile;
    }

    /** The whole text, BOM removed, strict UTF-8 with line-numbered errors. */
    StrictUtf8Reader reader() {
        return reader;
    }
}

package io.vigil.engine.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The byte-level checks every format shares: transparent gzip (by magic number), the encoding
 * (UTF-8 unless named; a byte order mark decides between UTF-8 and UTF-16), empty and binary
 * files. Keeps the first block of decompressed bytes so the format can be sniffed without
 * consuming the stream.
 */
final class TextInput {

    /** How much of the start of the file is sniffed and checked for binary content. */
    static final int HEAD_BYTES = 64 * 1024;

    private final boolean gzip;
    private final Charset charset;
    private final String headText;
    private final boolean headIsWholeFile;
    private final StrictTextReader reader;

    private TextInput(boolean gzip, Charset charset, String headText, boolean headIsWholeFile, StrictTextReader reader) {
        this.gzip = gzip;
        this.charset = charset;
        this.headText = headText;
        this.headIsWholeFile = headIsWholeFile;
        this.reader = reader;
    }

    /**
     * @param encoding the file's encoding, or null for UTF-8 (UTF-16 when the file starts with
     *                 its byte order mark, as Excel's "Unicode text" does)
     */
    static TextInput open(InputStream raw, int maxLineChars, Charset encoding) throws IOException {
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
        checkNotAKnownBinary(head);
        Charset charset = encoding != null ? encoding : byteOrderMark(head).orElse(StandardCharsets.UTF_8);
        int start = startOfText(head, charset);
        if (head.length == start) {
            throw new DataFormatException("the file is empty", -1);
        }
        String headText = decodeLoosely(head, start, charset);
        checkNotBinary(headText);
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(head, start, head.length - start), content);
        StrictTextReader reader = new StrictTextReader(rest, charset, maxLineChars, gzip);
        return new TextInput(gzip, charset, headText, whole, reader);
    }

    /** Binary files users mistake for tables, recognised by their magic numbers, with what to do instead. */
    private static void checkNotAKnownBinary(byte[] head) throws DataFormatException {
        if (startsWith(head, 'P', 'K', 3, 4)) {
            throw new DataFormatException("the file is a ZIP archive (an Excel workbook is one too); upload the table "
                    + "inside it, or save the sheet as CSV (CSV, TSV, JSON Lines, ARFF or a Zeek log, optionally gzip-compressed)", -1);
        }
        if (startsWith(head, 'P', 'A', 'R', '1')) {
            throw new DataFormatException("the file is Apache Parquet, which Vigil does not read; convert it to CSV "
                    + "(for example pandas.read_parquet(path).to_csv(out, index=False))", -1);
        }
        if (startsWith(head, 0xD4, 0xC3, 0xB2, 0xA1) || startsWith(head, 0xA1, 0xB2, 0xC3, 0xD4)
                || startsWith(head, 0x4D, 0x3C, 0xB2, 0xA1) || startsWith(head, 0xA1, 0xB2, 0x3C, 0x4D)
                || startsWith(head, 0x0A, 0x0D, 0x0D, 0x0A)) {
            throw new DataFormatException("the file is a packet capture (pcap), not a text table: name no format, or "
                    + "format pcap, and Vigil reads it as a table of flows", -1);
        }
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Charset> byteOrderMark(byte[] head) {
        int a = head.length >= 2 ? head[0] & 0xff : -1;
        int b = head.length >= 2 ? head[1] & 0xff : -1;
        if (a == 0xFE && b == 0xFF) {
            return Optional.of(StandardCharsets.UTF_16BE);
        }
        if (a == 0xFF && b == 0xFE) {
            return Optional.of(StandardCharsets.UTF_16LE);
        }
        return Optional.empty();
    }

    /** Where the text starts: after the byte order mark of the charset, if the file has one. */
    private static int startOfText(byte[] head, Charset charset) {
        byte[] mark = "\uFEFF".getBytes(charset);
        return mark.length > 1 && Arrays.equals(head, 0, Math.min(mark.length, head.length), mark, 0, mark.length)
                ? mark.length : 0;
    }

    /**
     * Control characters other than tab, line breaks, form feed, SUB and ESC do not occur in text.
     * Checked on characters, not bytes, since UTF-16 text is full of zero bytes.
     */
    private static void checkNotBinary(String head) throws DataFormatException {
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0B && c != 0x0C && c != 0x1A && c != 0x1B) {
                throw new DataFormatException("the file is not text (binary content at character " + i + ")", -1);
            }
        }
    }

    /** For sniffing only: strict decoding (with line numbers) happens in the reader. */
    private static String decodeLoosely(byte[] head, int start, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(head.length - start);
        decoder.decode(ByteBuffer.wrap(head, start, head.length - start), out, false);
        return out.flip().toString();
    }

    boolean gzip() {
        return gzip;
    }

    /** The encoding the text is read in: the one given, or the one detected. */
    Charset charset() {
        return charset;
    }

    /** The decoded start of the file (up to {@value #HEAD_BYTES} bytes), for format sniffing. */
    String headText() {
        return headText;
    }

    /** True when {@link #headText()} is the whole file. */
    boolean headIsWholeFile() {
        return headIsWholeFile;
    }

    /** The whole text, BOM removed, strictly decoded with line-numbered errors. */
    StrictTextReader reader() {
        return reader;
    }
}

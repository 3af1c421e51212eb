package io.vigil.engine.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipException;

/**
 * Decodes text strictly (UTF-8 unless the uploader names another encoding) while counting physical
 * lines, so that invalid bytes and over-long lines are reported with their line number whatever
 * parser sits on top. The line-length guard is what
 * keeps memory bounded on a file with one enormous line: parsers never see more than
 * {@code maxLineChars} characters without a line break.
 */
final class StrictTextReader extends Reader {

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final int maxLineChars;
    private final boolean gzip;

    private long line = 1;
    private long lineLength;
    private long doubleQuotes;
    private boolean lastWasCarriageReturn;
    private boolean endOfInput;
    private boolean flushed;
    /** A decoded char not yet returned (after a one-char read), or -1. */
    private int leftover = -1;

    StrictTextReader(InputStream in, Charset charset, int maxLineChars, boolean gzip) {
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.maxLineChars = maxLineChars;
        this.gzip = gzip;
        bytes.flip(); // start empty, in read mode
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (leftover >= 0) {
            buffer[offset] = (char) leftover;
            leftover = -1;
            return 1;
        }
        if (length == 1) {
            // The decoder cannot emit half of a surrogate pair: decode two and keep one back.
            char[] two = new char[2];
            int n = read(two, 0, 2);
            if (n > 0) {
                buffer[offset] = two[0];
                leftover = n == 2 ? two[1] : -1;
                return 1;
            }
            return n;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            CoderResult result = flushed ? CoderResult.UNDERFLOW : decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                count(buffer, offset, out.position() - offset);
                throw new DataFormatException(invalidText(charset, line), line);
            }
            if (out.position() > offset || result.isOverflow()) {
                break;
            }
            if (endOfInput) {
                if (!flushed) {
                    decoder.flush(out);
                    flushed = true;
                }
                break;
            }
            fill();
        }
        int n = out.position() - offset;
        if (n == 0) {
            return -1;
        }
        count(buffer, offset, n);
        return n;
    }

    /** Most non-UTF-8 tables come from Windows tools, so the hint names the usual encodings. */
    static String invalidText(Charset charset, long line) {
        String where = "invalid " + charset.name() + " at line " + line;
        return charset.equals(StandardCharsets.UTF_8)
                ? where + ": save the file as UTF-8, or give its encoding (for example encoding=windows-1252)"
                : where + ": the file is not " + charset.name() + "; give the encoding it was saved in";
    }

    private void fill() throws IOException {
        bytes.compact();
        try {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + n);
            }
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw e;
            }
            throw new DataFormatException("the gzip data is corrupt or truncated (near line " + line + ")", line, e);
        } finally {
            bytes.flip();
        }
    }

    /** Counts line breaks (LF, CRLF, lone CR) and enforces the line-length guard. */
    private void count(char[] buffer, int offset, int n) throws DataFormatException {
        long length = lineLength;
        long lines = line;
        boolean cr = lastWasCarriageReturn;
        for (int i = offset, end = offset + n; i < end; i++) {
            char c = buffer[i];
            if (c == '\n') {
                if (!cr) {
                    lines++;
                }
                length = 0;
                cr = false;
            } else if (c == '\r') {
                lines++;
                length = 0;
                cr = true;
            } else {
                cr = false;
                if (c == '"') {
                    doubleQuotes++;
                }
                if (++length > maxLineChars) {
                    line = lines;
                    throw new DataFormatException("line " + lines + " is longer than the limit of "
                            + maxLineChars + " characters", lines);
                }
            }
        }
        lineLength = length;
        line = lines;
        lastWasCarriageReturn = cr;
    }

    /**
     * How many {@code "} characters were decoded. In RFC 4180 CSV every quoted field contributes
     * an even number, so an odd total at the end hints at a quote that was never closed.
     */
    long doubleQuotes() {
        return doubleQuotes;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package io.vigil.engine.data;

import io.vigil.engine.capture.CaptureFormatException;
import io.vigil.engine.capture.CaptureOptions;
import io.vigil.engine.capture.CaptureSummary;
import io.vigil.engine.capture.FlowExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A packet capture read as a table: one row per flow ({@link FlowExtractor}), CICFlowMeter's
 * features under CIC-IDS2017's column names. A damaged capture is a {@link DataFormatException}
 * whose message names the byte offset, unless the options keep the flows before the damage.
 */
final class CaptureRowSource implements RowSource {

    private final FlowExtractor flows;
    private long row;

    private CaptureRowSource(FlowExtractor flows) {
        this.flows = flows;
    }

    static CaptureRowSource open(InputStream in, ReadOptions options) throws IOException {
        try {
            return new CaptureRowSource(FlowExtractor.open(in,
                    CaptureOptions.defaults().withKeepFlowsBeforeDamage(options.keepFlowsBeforeDamage())));
        } catch (CaptureFormatException e) {
            throw damaged(e);
        }
    }

    @Override
    public List<String> columnNames() {
        return flows.columns();
    }

    @Override
    public Map<String, ColumnType> declaredTypes() {
        return Map.of();
    }

    @Override
    public boolean header() {
        return true; // the names come with the format
    }

    @Override
    public String[] next() throws IOException {
        try {
            String[] cells = flows.next();
            if (cells != null) {
                row++;
            }
            return cells;
        } catch (CaptureFormatException e) {
            throw damaged(e);
        }
    }

    /** The flow's number (1-based): a capture has no lines. */
    @Override
    public long line() {
        return row;
    }

    /** What was read; complete at the end of the rows. */
    CaptureSummary summary() {
        return flows.summary();
    }

    @Override
    public void close() throws IOException {
        flows.close();
    }

    private static DataFormatException damaged(CaptureFormatException e) {
        return new DataFormatException(e.getMessage(), -1, e);
    }
}

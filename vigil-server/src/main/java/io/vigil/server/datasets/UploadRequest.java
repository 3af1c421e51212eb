package io.vigil.server.datasets;

import io.vigil.engine.data.DataFormat;
import java.nio.charset.Charset;
import java.util.List;

/**
 * What a caller said about an upload, already checked for shape by the HTTP layer.
 *
 * @param format    {@code null} to detect from the file name and content
 * @param delimiter {@code null} to detect
 * @param columns   column names of a file without a header row; empty when the file has one
 * @param encoding  {@code null} for UTF-8 (or UTF-16 found by its byte order mark)
 * @param decimalComma CSV/TSV numbers are written {@code 3,75} (continental-European spreadsheets)
 * @param keepFlowsBeforeDamage a packet capture that is cut or corrupt keeps the flows before the damage
 *                  instead of being refused
 */
public record UploadRequest(String name, String description, String labelColumn, DataFormat format,
                            Character delimiter, List<String> columns, Charset encoding, boolean decimalComma,
                            String fileName, String contentType, boolean keepFlowsBeforeDamage, String eventType) {}

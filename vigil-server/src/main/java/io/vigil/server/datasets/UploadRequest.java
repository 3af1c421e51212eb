package io.vigil.server.datasets;

import io.vigil.engine.data.DataFormat;
import java.util.List;

/**
 * What a caller said about an upload, already checked for shape by the HTTP layer.
 *
 * @param format    {@code null} to detect from the file name and content
 * @param delimiter {@code null} to detect
 * @param columns   column names of a file without a header row; empty when the file has one
 */
public record UploadRequest(String name, String description, String labelColumn, DataFormat format,
                            Character delimiter, List<String> columns, String fileName, String contentType) {}

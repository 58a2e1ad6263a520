package org.stancemap.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An input as the driver hands it to the executors, before parsing: a whole file's bytes (text, CSV and JSON Lines
 * inputs), or one record of a Parquet table with its columns already mapped.
 */
sealed interface Raw extends Serializable {
  /** Where the input is: the file, or the file and row. */
  String location();

  /**
   * A whole file.
   *
   * @param location the file's path (a plain path for the local file system, else its URI)
   * @param sourceName the source its items belong to when they name none: the name of its folder
   * @param bytes its content, or null when it could not be read
   * @param failure why it could not be read, or null
   */
  record File(String location, String sourceName, byte[] bytes, String failure) implements Raw {
    public File {
      Objects.requireNonNull(location, "location");
      if ((bytes == null) == (failure == null)) {
        throw new IllegalArgumentException("a file has either bytes or a failure");
      }
    }
  }

  /**
   * One record of a table.
   *
   * @param file the table file it was read from
   * @param row its row in that file, from 1
   * @param values its columns' values as text (null when empty), by column name
   */
  record Record(String file, String sourceName, long row, Map<String, String> values) implements Raw {
    public Record {
      Objects.requireNonNull(file, "file");
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String location() {
      return file + "#row=" + row;
    }
  }
}

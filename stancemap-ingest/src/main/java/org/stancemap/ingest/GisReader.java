package org.stancemap.ingest;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringTokenizer;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.Context;

/**
 * Reads OpenNLP's binary GIS model format from bytes, building the same {@link GISModel} as OpenNLP's
 * {@code GenericModelReader} + {@code GISModelReader} would, several times faster: big-endian numbers straight
 * from the array, ASCII strings without a decoder, and the 2.8 million characters of outcome patterns parsed as
 * digits without creating strings. The format: the type {@code GIS}, the (unused) correction constant and
 * parameter, the outcome labels, the outcome patterns (a count of predicates, then the outcomes they have
 * parameters for), the predicate labels, and each predicate's parameters; predicates of one pattern share its
 * outcome array. Strings are Java's modified UTF-8 with OpenNLP's chunking of long strings.
 */
final class GisReader {
  private static final String CHUNKED = "CHUNKED-MODEL-PARAMS:";
  private final byte[] b;
  private final ByteBuffer numbers;
  private int p;

  private GisReader(byte[] bytes) {
    this.b = bytes;
    this.numbers = ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream writes
  }

  static GISModel read(byte[] bytes) throws IOException {
    try {
      return new GisReader(bytes).model();
    } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
      throw new IOException("the GIS model ends early (" + bytes.length + " bytes)", e);
    }
  }

  private GISModel model() throws IOException {
    String type = utf();
    if (!type.equals("GIS")) {
      throw new IOException("expected a GIS model, found type '" + type + "'");
    }
    readInt();
    readDouble();
    String[] outcomes = new String[count()];
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = utf();
    }
    int[][] patterns = new int[count()][];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = pattern();
    }
    String[] predicates = new String[count()];
    for (int i = 0; i < predicates.length; i++) {
      predicates[i] = utf();
    }
    Context[] params = new Context[predicates.length];
    int next = 0;
    for (int[] pattern : patterns) {
      if (pattern.length == 0) {
        throw new IOException("empty outcome pattern in the GIS model");
      }
      int[] active = Arrays.copyOfRange(pattern, 1, pattern.length);
      for (int j = 0; j < pattern[0]; j++) {
        double[] values = new double[active.length];
        for (int k = 0; k < values.length; k++) {
          values[k] = readDouble();
        }
        if (next >= params.length) {
          throw new IOException("the outcome patterns list more predicates than the model's " + params.length);
        }
        params[next++] = new Context(active, values);
      }
    }
    return new GISModel(params, predicates, outcomes);
  }

  private int readInt() {
    int v = numbers.getInt(p);
    p += 4;
    return v;
  }

  private double readDouble() {
    double v = numbers.getDouble(p);
    p += 8;
    return v;
  }

  private int count() throws IOException {
    int n = readInt();
    if (n < 0 || n > 10_000_000) {
      throw new IOException("implausible entry count in the GIS model: " + n);
    }
    return n;
  }

  /** One string as {@code ModelParameterChunker.readUTF} reads it. */
  private String utf() throws IOException {
    String s = plainUtf();
    if (!s.startsWith(CHUNKED)) {
      return s;
    }
    int chunks = Integer.parseInt(s.replace(CHUNKED, ""));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < chunks; i++) {
      sb.append(plainUtf());
    }
    return sb.toString();
  }

  /** {@code DataInputStream.readUTF}: a two-byte length, then modified UTF-8. */
  private String plainUtf() throws IOException {
    int len = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    int start = p + 2;
    if (start + len > b.length) {
      throw new IOException("the GIS model ends inside a string");
    }
    boolean ascii = true;
    for (int i = start; i < start + len && ascii; i++) {
      ascii = b[i] > 0; // modified UTF-8 writes U+0000 as two bytes, so a zero byte never occurs
    }
    String s = ascii ? new String(b, start, len, StandardCharsets.ISO_8859_1) : modifiedUtf8(start, start + len);
    p = start + len;
    return s;
  }

  /** Decodes modified UTF-8 (one to three bytes per UTF-16 unit) exactly as {@code DataInputStream.readUTF}. */
  private String modifiedUtf8(int from, int to) throws IOException {
    char[] out = new char[to - from];
    int n = 0;
    for (int i = from; i < to; ) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        out[n++] = (char) c;
        i++;
      } else if ((c >> 5) == 0b110) {
        if (i + 1 >= to || (b[i + 1] & 0xc0) != 0x80) {
          throw new IOException("malformed string in the GIS model at byte " + i);
        }
        out[n++] = (char) (((c & 0x1f) << 6) | (b[i + 1] & 0x3f));
        i += 2;
      } else if ((c >> 4) == 0b1110) {
        if (i + 2 >= to || (b[i + 1] & 0xc0) != 0x80 || (b[i + 2] & 0xc0) != 0x80) {
          throw new IOException("malformed string in the GIS model at byte " + i);
        }
        out[n++] = (char) (((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f));
        i += 3;
      } else {
        throw new IOException("malformed string in the GIS model at byte " + i);
      }
    }
    return new String(out, 0, n);
  }

  /**
   * An outcome pattern: space-separated non-negative integers, as {@code StringTokenizer(s, " ")} and
   * {@code Integer.parseInt} read them; anything else is read as a string and parsed the same way.
   */
  private int[] pattern() throws IOException {
    int len = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    int start = p + 2;
    int end = start + len;
    if (end > b.length) {
      throw new IOException("the GIS model ends inside an outcome pattern");
    }
    int n = 0;
    boolean digits = true;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      if (i == start || b[i - 1] == ' ') {
        n++;
      }
    }
    if (!digits) {
      return parse(utf()); // e.g. a chunked string: read it as OpenNLP does, then parse it
    }
    int[] out = new int[n];
    int k = -1;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c == ' ') {
        continue;
      }
      if (i == start || b[i - 1] == ' ') {
        k++;
      }
      out[k] = out[k] * 10 + (c - '0');
    }
    p = end;
    return out;
  }

  private static int[] parse(String s) throws IOException {
    StringTokenizer t = new StringTokenizer(s, " ");
    int[] out = new int[t.countTokens()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = Integer.parseInt(t.nextToken());
      } catch (NumberFormatException e) {
        throw new IOException("bad outcome pattern in the GIS model: '" + s + "'", e);
      }
    }
    return out;
  }
}

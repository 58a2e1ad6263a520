package org.stancemap.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.mozilla.universalchardet.UniversalDetector;
import org.stancemap.InvalidInputException;

/**
 * Decodes bytes to text without silent loss: byte-order marks first (UTF-8, UTF-16, UTF-32), then strict UTF-8,
 * then the charset a detector finds (Windows-1252, GB18030, Shift_JIS, KOI8-R, …), always decoding strictly.
 * Binary data (NUL bytes, many control characters) and bytes no charset explains are refused with a message naming
 * the source and the byte offset. Stateless and thread-safe.
 */
public final class TextDecoder {
  private static final double MAX_CONTROL_RATIO = 0.01;

  /** Decodes with detection. */
  public Decoded decode(byte[] bytes, String source) {
    return decode(bytes, source, null);
  }

  /**
   * Decodes {@code bytes}; when {@code forced} is given, only that charset is tried.
   *
   * @throws InvalidInputException if the bytes are binary or cannot be decoded
   */
  public Decoded decode(byte[] bytes, String source, Charset forced) {
    if (forced != null) {
      String text = strict(bytes, 0, forced, source);
      if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1); // a byte-order mark is not part of the text
      }
      return new Decoded(checked(text, source), forced.name(), null);
    }
    Charset bom = null;
    int skip = 0;
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      bom = StandardCharsets.UTF_8;
      skip = 3;
    } else if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      bom = Charset.forName("UTF-32BE");
      skip = 4;
    } else if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      bom = Charset.forName("UTF-32LE");
      skip = 4;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      bom = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      bom = StandardCharsets.UTF_16LE;
      skip = 2;
    }
    if (bom != null) {
      return new Decoded(checked(strict(bytes, skip, bom, source), source), bom.name(), null);
    }
    int nul = indexOf(bytes, (byte) 0);
    if (nul >= 0) {
      throw new InvalidInputException(source + ": looks like a binary file (a NUL byte at offset " + nul
          + "); Stancemap reads text, Markdown and HTML in any common encoding");
    }
    try {
      return new Decoded(checked(decodeStrict(bytes, 0, StandardCharsets.UTF_8), source), "UTF-8", null);
    } catch (CharacterCodingException e) {
      int bad = firstInvalidUtf8(bytes);
      String detected = detect(bytes);
      Charset cs = detected == null ? Charset.forName("windows-1252") : Charset.forName(detected);
      try {
        String text = checked(decodeStrict(bytes, 0, cs), source);
        String how = detected == null ? "assumed" : "detected";
        return new Decoded(text, cs.name(), "not valid UTF-8 (first invalid byte at offset " + bad + "); decoded as "
            + cs.name() + " (" + how + "); pass --encoding if that is wrong");
      } catch (CharacterCodingException e2) {
        throw new InvalidInputException(source + ": cannot decode: not valid UTF-8 (first invalid byte at offset "
            + bad + ") and not valid " + cs.name() + " either; convert it to UTF-8 or pass --encoding");
      }
    }
  }

  private static String detect(byte[] bytes) {
    UniversalDetector d = new UniversalDetector(null);
    d.handleData(bytes, 0, Math.min(bytes.length, 1 << 20));
    d.dataEnd();
    String cs = d.getDetectedCharset();
    if (cs == null || !Charset.isSupported(cs)) {
      return null;
    }
    // Detectors report ISO-8859-1 for Western text that is almost always Windows-1252 (curly quotes, dashes).
    return cs.toUpperCase(Locale.ROOT).equals("ISO-8859-1") ? "windows-1252" : cs;
  }

  private static String strict(byte[] bytes, int skip, Charset cs, String source) {
    try {
      return decodeStrict(bytes, skip, cs);
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(source + ": cannot decode as " + cs.name() + " (" + e.getMessage()
          + "); check the file's encoding or pass --encoding");
    }
  }

  private static String decodeStrict(byte[] bytes, int skip, Charset cs) throws CharacterCodingException {
    CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip));
    return cb.toString();
  }

  /** Refuses decoded text that is mostly control characters: a binary file that happened to decode. */
  private static String checked(String text, String source) {
    int control = 0;
    int firstAt = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == 0x7f || c == '\uFFFD') {
        control++;
        if (firstAt < 0) {
          firstAt = i;
        }
      }
    }
    if (text.length() > 0 && (control > 8 && (double) control / text.length() > MAX_CONTROL_RATIO
        || text.indexOf('\0') >= 0)) {
      throw new InvalidInputException(source + ": looks like a binary file (" + control
          + " control characters, the first at character " + firstAt + "); Stancemap reads text, Markdown and HTML");
    }
    return text;
  }

  static int firstInvalidUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      int n;
      if (c < 0x80) {
        n = 0;
      } else if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
      } else {
        return i;
      }
      for (int k = 1; k <= n; k++) {
        if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += n + 1;
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte v) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}

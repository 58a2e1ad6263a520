package org.stancemap.ask.retrieval;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the dates pages write beside comments ("March 3, 2023 at 10:14", "3 March 2023", "2023-03-03"). */
public final class Dates {
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
      "oct", "nov", "dec");
  private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern MDY = Pattern.compile("(?i)\\b([a-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+"
      + "(\\d{4})\\b");
  private static final Pattern DMY = Pattern.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+([a-z]{3,9})\\.?,?\\s+"
      + "(\\d{4})\\b");

  private Dates() {}

  /** The first date written in {@code text}, or null when there is none (or it does not exist). */
  public static LocalDate parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      Matcher m = ISO.matcher(text);
      if (m.find()) {
        return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
      }
      m = MDY.matcher(text);
      if (m.find() && month(m.group(1)) > 0) {
        return LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
      }
      m = DMY.matcher(text);
      if (m.find() && month(m.group(2)) > 0) {
        return LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)));
      }
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  private static int month(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return w.length() < 3 ? 0 : MONTHS.indexOf(w.substring(0, 3)) + 1;
  }
}

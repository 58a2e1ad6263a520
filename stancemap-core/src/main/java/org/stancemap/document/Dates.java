package org.stancemap.document;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates documents carry. A publication date is an {@link Instant} ({@link DocumentMeta#published()}); a date
 * known only to the day stands for the start of that day in UTC, and an instant's day is its UTC day. Three readers:
 * <ul>
 *   <li>{@link #parse}: a date as pages, feeds and exports write it in a metadata field;
 *   <li>{@link #find}: the first date written in running text (a comment header);
 *   <li>{@link #period}: a day, month or year as a user writes it in a filter.
 * </ul>
 * Stateless.
 */
public final class Dates {
  private static final List<DateTimeFormatter> LOCAL = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE_TIME,
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT),
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT),
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT));
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
      "oct", "nov", "dec");
  private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern MDY = Pattern.compile("(?i)\\b([a-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+"
      + "(\\d{4})\\b");
  private static final Pattern DMY = Pattern.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+([a-z]{3,9})\\.?,?\\s+"
      + "(\\d{4})\\b");
  private static final Pattern PERIOD = Pattern.compile("(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?");

  private Dates() {}

  /**
   * The instant a metadata field's {@code text} stands for, or null when it is blank or not a date this class
   * understands: ISO 8601 with or without offset ({@code 2024-03-01T10:15:00Z}, {@code 2024-03-01T10:15:00+02:00},
   * {@code 2024-03-01 10:15:00}, {@code 2024-03-01}), RFC 1123 ({@code Fri, 01 Mar 2024 10:15:00 GMT}), and Unix
   * times in seconds (10 digits) or milliseconds (13 digits). A date without a zone is taken as UTC.
   */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.strip();
    if (s.matches("\\d{9,10}(\\.\\d+)?")) {
      return Instant.ofEpochMilli((long) (Double.parseDouble(s) * 1000));
    }
    if (s.matches("\\d{12,13}")) {
      return Instant.ofEpochMilli(Long.parseLong(s));
    }
    try {
      return OffsetDateTime.parse(s.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return ZonedDateTime.parse(s, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException ignored) {
      // next format
    }
    // "+0200" offsets without a colon
    if (s.matches(".*[+-]\\d{4}$") && s.length() > 5) {
      String fixed = s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2);
      Instant i = parse(fixed);
      if (i != null) {
        return i;
      }
    }
    for (DateTimeFormatter f : LOCAL) {
      try {
        return LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException ignored) {
        // next format
      }
    }
    try {
      return start(LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s));
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  /**
   * The first date written in running {@code text} ("March 3, 2023 at 10:14", "3 March 2023", "2023-03-03"), or
   * null when there is none (or it does not exist).
   */
  public static LocalDate find(String text) {
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

  /**
   * A day, month or year: its first day and the first day after it.
   *
   * @param first the first day of the period
   * @param next the first day after the period
   */
  public record Period(LocalDate first, LocalDate next) {
    /** The first instant of the period (UTC). */
    public Instant start() {
      return Dates.start(first);
    }

    /** The first instant after the period (UTC). */
    public Instant end() {
      return Dates.start(next);
    }
  }

  /**
   * The period {@code text} writes as {@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}, or null when it is not of
   * that form.
   *
   * @throws DateTimeException when it is of that form but names no calendar date ({@code 2023-02-30})
   */
  public static Period period(String text) {
    Matcher m = PERIOD.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    int y = Integer.parseInt(m.group(1));
    int mo = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    int d = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
    LocalDate first = LocalDate.of(y, mo, d);
    LocalDate next = m.group(3) != null ? first.plusDays(1) : m.group(2) != null ? first.plusMonths(1)
        : first.plusYears(1);
    return new Period(first, next);
  }

  /** The UTC day of an instant, or null for null. */
  public static LocalDate day(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  /** The first instant of a day in UTC, or null for null. */
  public static Instant start(LocalDate day) {
    return day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}

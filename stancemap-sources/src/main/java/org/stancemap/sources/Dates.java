package org.stancemap.sources;

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

/**
 * Reads the dates found in pages, feeds and exports into instants: ISO 8601 with or without offset
 * ({@code 2024-03-01T10:15:00Z}, {@code 2024-03-01T10:15:00+02:00}, {@code 2024-03-01 10:15:00}, {@code 2024-03-01}),
 * RFC 1123 ({@code Fri, 01 Mar 2024 10:15:00 GMT}), and Unix times in seconds (10 digits) or milliseconds (13
 * digits). A date without a zone is taken as UTC. Stateless.
 */
public final class Dates {
  private static final List<DateTimeFormatter> LOCAL = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE_TIME,
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT),
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT),
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT));

  private Dates() {}

  /** The instant {@code text} stands for, or null when it is blank or not a date this class understands. */
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
      return LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s).atStartOfDay()
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }
}

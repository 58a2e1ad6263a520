package org.stancemap.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatesTest {
  @Test
  void commentDatesAreRead() {
    assertEquals(LocalDate.of(2023, 3, 3), Dates.find("March 3, 2023 at 10:14"));
    assertEquals(LocalDate.of(2022, 2, 24), Dates.find("24 February 2022"));
    assertEquals(LocalDate.of(2024, 1, 5), Dates.find("posted 2024-01-05"));
    assertEquals(null, Dates.find("yesterday"));
    assertEquals(null, Dates.find("February 30, 2023"));
  }

  @Test
  void metadataDatesAreRead() {
    Instant t = Instant.parse("2024-03-01T10:15:00Z");
    assertEquals(t, Dates.parse("2024-03-01T10:15:00Z"));
    assertEquals(t, Dates.parse("2024-03-01T12:15:00+02:00"));
    assertEquals(t, Dates.parse("2024-03-01T12:15:00+0200"));
    assertEquals(t, Dates.parse("2024-03-01 10:15:00"));
    assertEquals(t, Dates.parse("Fri, 01 Mar 2024 10:15:00 GMT"));
    assertEquals(t, Dates.parse(Long.toString(t.getEpochSecond())));
    assertEquals(t, Dates.parse(Long.toString(t.toEpochMilli())));
    assertEquals(Instant.parse("2024-03-01T00:00:00Z"), Dates.parse("2024-03-01"));
    assertNull(Dates.parse(" "));
    assertNull(Dates.parse("last Tuesday"));
  }

  @Test
  void periodsCoverTheirWholeDayMonthOrYear() {
    assertEquals(new Dates.Period(LocalDate.of(2023, 3, 14), LocalDate.of(2023, 3, 15)), Dates.period("2023-03-14"));
    assertEquals(new Dates.Period(LocalDate.of(2023, 3, 1), LocalDate.of(2023, 4, 1)), Dates.period(" 2023-3 "));
    assertEquals(Instant.parse("2023-01-01T00:00:00Z"), Dates.period("2023").start());
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), Dates.period("2023").end());
    assertNull(Dates.period("March 2023"));
    assertThrows(DateTimeException.class, () -> Dates.period("2023-02-30"));
  }

  @Test
  void daysAndInstantsConvertInUtc() {
    assertEquals(LocalDate.of(2023, 3, 3), Dates.day(Instant.parse("2023-03-03T23:59:59Z")));
    assertEquals(Instant.parse("2023-03-03T00:00:00Z"), Dates.start(LocalDate.of(2023, 3, 3)));
    assertNull(Dates.day(null));
    assertNull(Dates.start(null));
  }

  @Test
  void metadataDefaultsItsLanguageAndCopiesExtra() {
    assertEquals("und", DocumentMeta.of("d1", null, null, null, null, " ").language());
    assertEquals(Map.of(), DocumentMeta.NONE.extra());
    assertEquals("T", DocumentMeta.NONE.withTitle("T").title());
  }
}

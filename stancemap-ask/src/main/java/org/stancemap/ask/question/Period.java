package org.stancemap.ask.question;

import java.time.LocalDate;

/**
 * A period asked about: {@code [from, to)}, either end open (null).
 *
 * @param text the words of the question it was read from
 */
public record Period(LocalDate from, LocalDate to, String text) {
  public Period {
    if (from == null && to == null) {
      throw new IllegalArgumentException("a period needs at least one end: " + text);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("period start " + from + " must be before its end " + to + ": " + text);
    }
  }

  /** True when {@code date} lies in the period. */
  public boolean contains(LocalDate date) {
    return (from == null || !date.isBefore(from)) && (to == null || date.isBefore(to));
  }

  @Override
  public String toString() {
    return (from == null ? "…" : from.toString()) + " to " + (to == null ? "…" : to.minusDays(1).toString());
  }
}

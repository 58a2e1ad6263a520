package org.stancemap.search;

import java.time.DateTimeException;
import org.apache.lucene.document.LongField;
import org.apache.lucene.search.Query;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Dates;

/**
 * The {@code date:} filter: a day, month or year ({@code 2023-03-14}, {@code 2023-03}, {@code 2023}), a range of
 * them ({@code 2023-01..2023-06}, open ended {@code 2023-01..} or {@code ..2023-06}, or Lucene's {@code [A TO B]}),
 * or a comparison ({@code >2023-01-01}, {@code >=2023}, {@code <2022-02-24}, {@code <=2022}). Dates are UTC days;
 * a period covers all of it ({@code ..2023-06} ends with the last millisecond of June 2023). The periods are read by
 * {@link Dates#period}.
 */
final class DateFilter {
  private DateFilter() {}

  static final String FORMS = "write YYYY, YYYY-MM or YYYY-MM-DD, a range such as 2023-01..2023-06 (either end may be "
      + "left out), or a comparison such as >2023-01-01, >=2023, <2022-02-24 or <=2022";

  /** The query for the value of a {@code date:} term. */
  static Query query(String value) {
    String v = value.trim();
    long lo;
    long hi;
    if (v.startsWith(">=")) {
      lo = start(v.substring(2), value);
      hi = Long.MAX_VALUE;
    } else if (v.startsWith(">")) {
      lo = end(v.substring(1), value);
      hi = Long.MAX_VALUE;
    } else if (v.startsWith("<=")) {
      lo = Long.MIN_VALUE;
      hi = end(v.substring(2), value) - 1;
    } else if (v.startsWith("<")) {
      lo = Long.MIN_VALUE;
      hi = start(v.substring(1), value) - 1;
    } else if (v.contains("..")) {
      int i = v.indexOf("..");
      String a = v.substring(0, i);
      String b = v.substring(i + 2);
      if (a.isEmpty() && b.isEmpty()) {
        throw bad(value);
      }
      lo = a.isEmpty() ? Long.MIN_VALUE : start(a, value);
      hi = b.isEmpty() ? Long.MAX_VALUE : end(b, value) - 1;
    } else {
      lo = start(v, value);
      hi = end(v, value) - 1;
    }
    if (lo > hi) {
      throw new InvalidInputException("date:" + value + " is an empty range: its start lies after its end");
    }
    return LongField.newRangeQuery(Fields.DATE, lo, hi);
  }

  /** The query for {@code date:[a TO b]} or {@code date:{a TO b}}; {@code *} or null leaves an end open. */
  static Query range(String a, String b, boolean startInclusive, boolean endInclusive) {
    String shown = (startInclusive ? "[" : "{") + a + " TO " + b + (endInclusive ? "]" : "}");
    long lo = open(a) ? Long.MIN_VALUE : startInclusive ? start(a, shown) : end(a, shown);
    long hi = open(b) ? Long.MAX_VALUE : (endInclusive ? end(b, shown) : start(b, shown)) - 1;
    if (lo > hi) {
      throw new InvalidInputException("date:" + shown + " is an empty range: its start lies after its end");
    }
    return LongField.newRangeQuery(Fields.DATE, lo, hi);
  }

  private static boolean open(String s) {
    return s == null || s.equals("*") || s.isEmpty();
  }

  /** The first millisecond of the period {@code s}. */
  static long start(String s, String whole) {
    return period(s, whole).start().toEpochMilli();
  }

  /** The first millisecond after the period {@code s}. */
  static long end(String s, String whole) {
    return period(s, whole).end().toEpochMilli();
  }

  private static Dates.Period period(String s, String whole) {
    Dates.Period p;
    try {
      p = Dates.period(s);
    } catch (DateTimeException e) {
      throw new InvalidInputException("date:" + whole + " names no calendar date (" + e.getMessage() + "): " + FORMS);
    }
    if (p == null) {
      throw bad(whole);
    }
    return p;
  }

  private static InvalidInputException bad(String value) {
    return new InvalidInputException("date:" + value + " is not a date: " + FORMS);
  }
}

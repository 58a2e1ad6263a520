package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The dashboards' time axis is chosen from the data (issue #20, point 11). */
class PeriodsTest {
  private static SortedMap<YearMonth, Long> months(Object... monthAndCount) {
    SortedMap<YearMonth, Long> m = new TreeMap<>();
    for (int i = 0; i < monthAndCount.length; i += 2) {
      m.put(YearMonth.parse((String) monthAndCount[i]), ((Number) monthAndCount[i + 1]).longValue());
    }
    return m;
  }

  private static SortedMap<YearMonth, Long> every(String from, String to, long n) {
    SortedMap<YearMonth, Long> m = new TreeMap<>();
    for (YearMonth x = YearMonth.parse(from); !x.isAfter(YearMonth.parse(to)); x = x.plusMonths(1)) {
      m.put(x, n);
    }
    return m;
  }

  @Test
  void aFewOldDocumentsDoNotStretchTheAxisOverYearsOfEmptyMonths() {
    // the corpus: two documents in 2015-10/11, the rest from 2022-06 to 2023-04
    SortedMap<YearMonth, Long> m = every("2022-06", "2023-04", 9);
    m.putAll(months("2015-10", 1, "2015-11", 1));
    Periods.Axis a = Periods.choose(m);
    assertEquals(YearMonth.parse("2022-06"), a.first());
    assertEquals(YearMonth.parse("2023-04"), a.last());
    assertEquals(Periods.Unit.MONTH, a.unit());
    assertEquals(2, a.before(), "the two documents left out are counted");
    assertEquals(0, a.after());
    assertEquals(11, a.buckets().size());
    assertTrue(a.shows(YearMonth.parse("2022-06")) && !a.shows(YearMonth.parse("2015-10")));
  }

  @Test
  void outliersAtBothEndsAreLeftOutSmallestFirst() {
    SortedMap<YearMonth, Long> m = every("2020-01", "2021-12", 5); // 120 documents
    m.putAll(months("2012-03", 2, "2026-05", 3));
    Periods.Axis a = Periods.choose(m);
    assertEquals(YearMonth.parse("2020-01"), a.first());
    assertEquals(YearMonth.parse("2021-12"), a.last());
    assertEquals(2, a.before());
    assertEquals(3, a.after());
    assertEquals(Periods.Unit.MONTH, a.unit());
  }

  @Test
  void twoLargeGroupsFarApartAreBothKeptWithABreakBetween() {
    // half the documents in 2015, half in 2023: neither is an outlier; the axis skips the seven empty years
    SortedMap<YearMonth, Long> m = every("2015-01", "2015-12", 4);
    m.putAll(every("2023-01", "2023-12", 4));
    Periods.Axis a = Periods.choose(m);
    assertEquals(0, a.before() + a.after());
    assertEquals(Periods.Unit.MONTH, a.unit());
    List<String> b = a.buckets();
    assertEquals(25, b.size());
    assertEquals("2015-12", b.get(11));
    assertEquals("⋯ 84 months ⋯", b.get(12));
    assertEquals("2023-01", b.get(13));
    assertEquals(List.of(new Periods.Run(YearMonth.parse("2016-01"), YearMonth.parse("2022-12"))), a.gaps());
    // three groups: two breaks of the same length stay distinct categories
    m.putAll(every("2031-01", "2031-06", 4));
    Periods.Axis three = Periods.choose(m);
    assertEquals(2, three.gaps().size());
    assertEquals(three.buckets().size(), new HashSet<>(three.buckets()).size(), three.buckets().toString());
  }

  @Test
  void aShortEmptyStretchIsNoBreak() {
    // nine years with one empty stretch of eight months: quarters, and no break for a gap so short next to the whole
    SortedMap<YearMonth, Long> m = every("2015-01", "2019-12", 1);
    m.putAll(every("2020-09", "2023-12", 1));
    Periods.Axis a = Periods.choose(m);
    assertEquals(Periods.Unit.QUARTER, a.unit());
    assertTrue(a.gaps().isEmpty(), a.gaps().toString());
    assertEquals(36, a.buckets().size());
    // within two years the same stretch is a break of the month axis
    SortedMap<YearMonth, Long> two = every("2020-01", "2020-12", 1);
    two.putAll(every("2021-09", "2021-12", 1));
    Periods.Axis b = Periods.choose(two);
    assertEquals(Periods.Unit.MONTH, b.unit());
    assertEquals(List.of(new Periods.Run(YearMonth.parse("2021-01"), YearMonth.parse("2021-08"))), b.gaps());
    assertEquals(17, b.buckets().size());
  }

  @Test
  void theBucketIsTheFinestThatKeepsTheAxisShortAndFilled() {
    assertEquals(Periods.Unit.MONTH, Periods.choose(every("2023-01", "2023-06", 1)).unit());
    // five years of months: 60 buckets are too many; quarters (20) are all filled
    Periods.Axis q = Periods.choose(every("2019-01", "2023-12", 1));
    assertEquals(Periods.Unit.QUARTER, q.unit());
    assertEquals("2019-Q1", q.buckets().getFirst());
    assertEquals("2023-Q4", q.buckets().getLast());
    assertEquals(20, q.buckets().size());
    // one document every year for 24 years: no gap is large next to the whole, so years
    SortedMap<YearMonth, Long> yearly = new TreeMap<>();
    for (int y = 2000; y <= 2023; y++) {
      yearly.put(YearMonth.of(y, 1), 1L);
    }
    Periods.Axis y = Periods.choose(yearly);
    assertEquals(Periods.Unit.YEAR, y.unit());
    assertEquals(0, y.before() + y.after());
    // two months far apart within one year stay months when a third of the buckets is filled
    assertEquals(Periods.Unit.MONTH, Periods.choose(months("2023-01", 1, "2023-06", 1)).unit());
    // sparse months over two years: most months empty, so quarters
    Periods.Axis sparse = Periods.choose(months("2022-01", 3, "2022-05", 3, "2022-09", 3, "2023-01", 3,
        "2023-05", 3, "2023-09", 3));
    assertEquals(Periods.Unit.QUARTER, sparse.unit());
  }

  @Test
  void aChosenBucketKeepsEveryMonth() {
    SortedMap<YearMonth, Long> m = every("2022-06", "2023-04", 9);
    m.put(YearMonth.parse("2015-10"), 1L);
    Periods.Axis a = Periods.fixed(Periods.Unit.MONTH, m);
    assertEquals(YearMonth.parse("2015-10"), a.first());
    assertEquals(91, a.buckets().size());
    assertThrows(IllegalArgumentException.class, () -> Periods.choose(new TreeMap<>()));
  }

  @Test
  void bucketsAndMonths() {
    assertEquals("2023-Q2", Periods.Unit.QUARTER.bucket(YearMonth.of(2023, 6)));
    assertEquals("2023-Q3", Periods.Unit.QUARTER.bucket(YearMonth.of(2023, 7)));
    assertEquals("2023", Periods.Unit.YEAR.bucket(YearMonth.of(2023, 7)));
    assertEquals(YearMonth.of(2023, 7), Periods.month("2023-07-15T10:00:00Z"));
    assertEquals(null, Periods.month("+10000-01-01T00:00:00Z"));
    assertEquals(null, Periods.month(null));
  }
}

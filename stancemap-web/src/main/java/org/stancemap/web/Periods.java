package org.stancemap.web;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The time axis of a dashboard chart, chosen from the data (issue #20, point 11): a corpus with a few documents in
 * 2015 and the rest in 2022–2023 drew 91 months of which a dozen had data, so the chart showed spikes at its edges
 * over empty months.
 *
 * <p>Two steps, both from the number of dated documents per month:
 *
 * <ol>
 *   <li><b>Outliers.</b> Where the months with data fall apart at a gap of more than a quarter of the whole period
 *       (and more than {@value #MIN_GAP} empty months), the group of months at either end before or after that gap
 *       is left out, the smaller end first, as long as everything left out holds at most a tenth of the dated
 *       documents ({@link #MAX_OUTSIDE_SHARE}). Then again on what is left. Two large groups far apart are both
 *       kept. What is left out is counted (before and after the axis), so the page can say so.
 *   <li><b>Breaks.</b> The groups that are kept, where such gaps still separate them, become runs of the axis;
 *       between two runs the axis has one break category ({@code ⋯ 78 months ⋯}) instead of the empty buckets, and
 *       the API lists the skipped months ({@link Axis#gaps()}).
 *   <li><b>Bucket.</b> The finest of month, quarter and year that gives at most {@value #MAX_BUCKETS} categories
 *       (buckets and breaks) of which at least a third hold documents; if none does, years. Runs whose gap spans
 *       fewer than two empty buckets of the chosen size are drawn as one run.
 * </ol>
 *
 * <p>Stateless; thread-safe.
 */
final class Periods {
  /** The most buckets an axis may have before a coarser bucket is chosen. */
  static final int MAX_BUCKETS = 36;
  /** A gap must have more empty months than this to separate outliers. */
  static final int MIN_GAP = 6;
  /** The largest share of the dated documents that may be left out as outliers. */
  static final double MAX_OUTSIDE_SHARE = 0.1;

  /** A bucket size: its name (as in the API's {@code period} parameter and the first CSV column) and length. */
  enum Unit {
    MONTH(1), QUARTER(3), YEAR(12);

    final int months;

    Unit(int months) {
      this.months = months;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The bucket a month falls in: {@code 2023-04}, {@code 2023-Q2} or {@code 2023}. */
    String bucket(YearMonth m) {
      return switch (this) {
        case MONTH -> m.toString();
        case QUARTER -> m.getYear() + "-Q" + ((m.getMonthValue() - 1) / 3 + 1);
        case YEAR -> String.valueOf(m.getYear());
      };
    }

    /** The first month of the bucket a month falls in. */
    YearMonth start(YearMonth m) {
      return m.withMonth((m.getMonthValue() - 1) / months * months + 1);
    }

    static Unit of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT));
    }
  }

  /** A run of consecutive months on the axis (the months of its first and last bucket may hold no document). */
  record Run(YearMonth first, YearMonth last) {}

  /**
   * A chosen axis.
   *
   * @param unit the bucket size
   * @param runs the runs of months shown, in order; between two runs the axis skips months without documents
   * @param before dated documents before the first run left out as outliers (0 when none)
   * @param after dated documents after the last run left out as outliers (0 when none)
   */
  record Axis(Unit unit, List<Run> runs, long before, long after) {
    Axis {
      runs = List.copyOf(runs);
    }

    YearMonth first() {
      return runs.getFirst().first();
    }

    YearMonth last() {
      return runs.getLast().last();
    }

    /** Whether a month is on the axis (the gaps between runs hold no documents). */
    boolean shows(YearMonth m) {
      return !m.isBefore(first()) && !m.isAfter(last());
    }

    /** The categories of the axis: every bucket of each run, empty ones included, and a break between runs. */
    List<String> buckets() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        Run r = runs.get(i);
        if (i > 0) {
          YearMonth from = unit.start(runs.get(i - 1).last()).plusMonths(unit.months);
          long skipped = between(from, unit.start(r.first())) / unit.months;
          String gap = "⋯ " + skipped + " " + unit.id() + "s ⋯";
          out.add(out.contains(gap) ? gap + " (" + i + ")" : gap);
        }
        for (YearMonth m = unit.start(r.first()); !m.isAfter(r.last()); m = m.plusMonths(unit.months)) {
          out.add(unit.bucket(m));
        }
      }
      return out;
    }

    /** The months the axis skips between its runs: each gap's first and last month. */
    List<Run> gaps() {
      List<Run> out = new ArrayList<>();
      for (int i = 1; i < runs.size(); i++) {
        out.add(new Run(unit.start(runs.get(i - 1).last()).plusMonths(unit.months),
            unit.start(runs.get(i).first()).minusMonths(1)));
      }
      return out;
    }
  }

  private Periods() {}

  /**
   * The axis for these counts, bucket and range chosen as the class comment says.
   *
   * @param documents dated documents per month (months without documents may be absent); not empty
   * @throws IllegalArgumentException if {@code documents} is empty
   */
  static Axis choose(SortedMap<YearMonth, Long> documents) {
    List<YearMonth> months = new ArrayList<>(documents.keySet());
    if (months.isEmpty()) {
      throw new IllegalArgumentException("no dated documents to choose a time axis for");
    }
    long[] counts = months.stream().mapToLong(documents::get).toArray();
    long total = Arrays.stream(counts).sum();
    int lo = 0;
    int hi = months.size() - 1;
    long before = 0;
    long after = 0;
    while (lo < hi) {
      long gap = Math.max(MIN_GAP, (between(months.get(lo), months.get(hi)) + 1) / 4);
      int leftEnd = -1;
      int rightStart = -1;
      for (int i = lo; i < hi; i++) {
        if (between(months.get(i), months.get(i + 1)) - 1 > gap) {
          leftEnd = leftEnd < 0 ? i : leftEnd;
          rightStart = i + 1;
        }
      }
      if (leftEnd < 0) {
        break;
      }
      long left = sum(counts, lo, leftEnd);
      long right = sum(counts, rightStart, hi);
      long budget = (long) Math.floor(total * MAX_OUTSIDE_SHARE) - before - after;
      // the smaller end (the older one on a tie) while it fits in what may still be left out
      if (left <= right && left <= budget) {
        before += left;
        lo = leftEnd + 1;
      } else if (right <= budget) {
        after += right;
        hi = rightStart - 1;
      } else {
        break;
      }
    }
    // the groups that are kept, split at the gaps that are still large next to what is kept
    List<Run> groups = new ArrayList<>();
    long gap = Math.max(MIN_GAP, (between(months.get(lo), months.get(hi)) + 1) / 4);
    int start = lo;
    for (int i = lo; i < hi; i++) {
      if (between(months.get(i), months.get(i + 1)) - 1 > gap) {
        groups.add(new Run(months.get(start), months.get(i)));
        start = i + 1;
      }
    }
    groups.add(new Run(months.get(start), months.get(hi)));
    List<YearMonth> shown = months.subList(lo, hi + 1);
    for (Unit u : Unit.values()) {
      List<Run> runs = runs(u, groups);
      long categories = runs.size() - 1;
      for (Run r : runs) {
        categories += between(u.start(r.first()), u.start(r.last())) / u.months + 1;
      }
      long filled = shown.stream().map(u::bucket).distinct().count();
      if (categories <= MAX_BUCKETS && filled * 3 >= categories) {
        return new Axis(u, runs, before, after);
      }
    }
    return new Axis(Unit.YEAR, runs(Unit.YEAR, groups), before, after);
  }

  /** The groups as runs of buckets of {@code u}: two groups fewer than two empty buckets apart are one run. */
  private static List<Run> runs(Unit u, List<Run> groups) {
    List<Run> out = new ArrayList<>();
    for (Run g : groups) {
      Run prev = out.isEmpty() ? null : out.getLast();
      if (prev != null && between(u.start(prev.last()), u.start(g.first())) / u.months - 1 < 2) {
        out.set(out.size() - 1, new Run(prev.first(), g.last()));
      } else {
        out.add(g);
      }
    }
    return out;
  }

  /** An axis with a bucket the caller chose: every month with documents, nothing left out. */
  static Axis fixed(Unit unit, SortedMap<YearMonth, Long> documents) {
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("no dated documents to choose a time axis for");
    }
    return new Axis(unit, List.of(new Run(documents.firstKey(), documents.lastKey())), 0, 0);
  }

  private static long between(YearMonth a, YearMonth b) {
    return ChronoUnit.MONTHS.between(a, b);
  }

  private static long sum(long[] counts, int from, int to) {
    long s = 0;
    for (int i = from; i <= to; i++) {
      s += counts[i];
    }
    return s;
  }

  /** The month of an ISO-8601 timestamp's first seven characters, or null when they are not one. */
  static YearMonth month(String iso) {
    if (iso == null || iso.length() < 7 || !iso.substring(0, 7).matches("\\d{4}-\\d{2}")) {
      return null;
    }
    try {
      return YearMonth.parse(iso.substring(0, 7));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Documents per month of rows whose first column is a month, for the caller's population. */
  static SortedMap<YearMonth, Long> perMonth(List<List<Object>> rows) {
    SortedMap<YearMonth, Long> out = new TreeMap<>();
    for (List<Object> r : rows) {
      YearMonth m = month((String) r.get(0));
      if (m != null) {
        out.merge(m, (Long) r.get(r.size() - 1), Long::sum);
      }
    }
    return out;
  }
}

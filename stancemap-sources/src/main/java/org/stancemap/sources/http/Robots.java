package org.stancemap.sources.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of one robots.txt for one user agent (RFC 9309, simplified): the groups whose {@code User-agent} line
 * names our product token (case-insensitive substring) apply, else the {@code *} groups; within them the longest
 * matching {@code Allow}/{@code Disallow} path wins, {@code Allow} on a tie; {@code *} matches any run of characters
 * and a final {@code $} anchors the end. {@code Crawl-delay} of the chosen group is kept. Immutable.
 *
 * @param rules the rules that apply, in file order
 * @param crawlDelay the requested delay between requests, or null
 */
public record Robots(List<Rule> rules, Duration crawlDelay) {
  /** Everything allowed (no robots.txt, or 4xx). */
  public static final Robots ALLOW_ALL = new Robots(List.of(), null);

  /** Everything disallowed (robots.txt unreachable: 5xx or no answer, RFC 9309 section 2.3.1.4). */
  public static final Robots DISALLOW_ALL = new Robots(List.of(new Rule(false, "/")), null);

  /**
   * One rule.
   *
   * @param allow whether it is an Allow rule
   * @param pattern the path pattern
   */
  public record Rule(boolean allow, String pattern) {}

  public Robots {
    rules = List.copyOf(rules);
  }

  /** Parses robots.txt text for {@code productToken} (e.g. {@code Stancemap}). */
  public static Robots parse(String text, String productToken) {
    String token = productToken.toLowerCase(Locale.ROOT);
    List<Rule> mine = new ArrayList<>();
    List<Rule> star = new ArrayList<>();
    Duration mineDelay = null;
    Duration starDelay = null;
    boolean mineFound = false;
    List<String> agents = new ArrayList<>();
    boolean inRules = false;
    for (String raw : text.split("\r\n|\r|\n")) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "user-agent" -> {
          if (inRules) {
            agents.clear();
            inRules = false;
          }
          agents.add(value.toLowerCase(Locale.ROOT));
        }
        case "allow", "disallow", "crawl-delay" -> {
          inRules = true;
          boolean forMe = agents.stream().anyMatch(a -> a.split("/")[0].strip().equals(token));
          boolean forStar = agents.contains("*");
          if (forMe) {
            mineFound = true;
          }
          if (key.equals("crawl-delay")) {
            Duration d = delay(value);
            if (forMe) {
              mineDelay = d;
            } else if (forStar) {
              starDelay = d;
            }
            continue;
          }
          if (value.isEmpty()) {
            continue; // "Disallow:" with no path allows everything
          }
          Rule r = new Rule(key.equals("allow"), value);
          if (forMe) {
            mine.add(r);
          } else if (forStar) {
            star.add(r);
          }
        }
        default -> {
          // sitemap and unknown keys are ignored
        }
      }
    }
    return mineFound ? new Robots(mine, mineDelay) : new Robots(star, starDelay);
  }

  private static Duration delay(String v) {
    try {
      double s = Double.parseDouble(v);
      return s > 0 && s < 86_400 ? Duration.ofMillis((long) (s * 1000)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether {@code pathAndQuery} (as sent on the request line, starting with {@code /}) may be fetched. */
  public boolean allows(String pathAndQuery) {
    Rule r = decidingRule(pathAndQuery);
    return r == null || r.allow();
  }

  /** The rule that decides {@code pathAndQuery}, for messages, or null. */
  public Rule decidingRule(String pathAndQuery) {
    Rule best = null;
    for (Rule r : rules) {
      if (matches(r.pattern(), pathAndQuery)
          && (best == null || r.pattern().length() > best.pattern().length()
              || r.pattern().length() == best.pattern().length() && r.allow() && !best.allow())) {
        best = r;
      }
    }
    return best;
  }

  static boolean matches(String pattern, String path) {
    boolean anchored = pattern.endsWith("$");
    String p = (anchored ? pattern.substring(0, pattern.length() - 1) : pattern).replaceAll("\\*+", "*");
    return match(p, 0, path, 0, anchored);
  }

  private static boolean match(String p, int pi, String s, int si, boolean anchored) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (match(p, pi + 1, s, k, anchored)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return !anchored || si == s.length();
  }
}

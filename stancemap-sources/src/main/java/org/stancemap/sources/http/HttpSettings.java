package org.stancemap.sources.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.stancemap.InvalidInputException;

/**
 * Limits and identity of a {@link SafeHttp} client.
 *
 * @param connectTimeout the longest wait for a TCP (and TLS) connection
 * @param readTimeout the longest silence while reading a response
 * @param totalTimeout the longest a whole response may take, however steadily it trickles in
 * @param maxBytes the largest response body accepted; a larger one is aborted, never truncated
 * @param maxRedirects the most redirects followed for one request (at most 5)
 * @param userAgent the User-Agent header sent with every request
 * @param delay the least time between two requests to the same host (a robots.txt Crawl-delay may raise it)
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration totalTimeout,
    long maxBytes,
    int maxRedirects,
    String userAgent,
    Duration delay) {
  /** The honest user agent Stancemap announces itself with. */
  public static final String USER_AGENT = "Stancemap/0.1 (+offline research tool)";

  /** The robots.txt product token matched against {@code User-agent} lines. */
  public static final String PRODUCT_TOKEN = "Stancemap";

  /** The most redirects ever followed. */
  public static final int MAX_REDIRECTS = 5;

  public HttpSettings {
    if (maxRedirects < 0 || maxRedirects > MAX_REDIRECTS) {
      throw new InvalidInputException("max-redirects must be between 0 and " + MAX_REDIRECTS + ", got " + maxRedirects);
    }
    if (maxBytes <= 0) {
      throw new InvalidInputException("the size limit must be positive, got " + maxBytes);
    }
  }

  /** 10 s to connect, 20 s of silence, 60 s in all, 5 redirects, no delay. */
  public static HttpSettings defaults(long maxBytes) {
    return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(60), maxBytes,
        MAX_REDIRECTS, USER_AGENT, Duration.ZERO);
  }

  /**
   * Settings from import options: {@code connect-timeout}, {@code read-timeout}, {@code timeout} (total),
   * {@code max-redirects}, {@code delay}; durations as {@code 500ms}, {@code 2s}, {@code 1m} or plain seconds.
   *
   * @throws InvalidInputException if an option has a value that cannot be used
   */
  public static HttpSettings fromOptions(Map<String, String> options, long maxBytes) {
    HttpSettings d = defaults(maxBytes);
    return new HttpSettings(
        duration(options, "connect-timeout", d.connectTimeout()),
        duration(options, "read-timeout", d.readTimeout()),
        duration(options, "timeout", d.totalTimeout()),
        maxBytes,
        integer(options, "max-redirects", d.maxRedirects()),
        d.userAgent(),
        duration(options, "delay", d.delay()));
  }

  static Duration duration(Map<String, String> options, String name, Duration fallback) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
      } else if (s.endsWith("s")) {
        d = Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1).strip()) * 1000));
      } else if (s.endsWith("m")) {
        d = Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1).strip()) * 60_000));
      } else {
        d = Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
      }
      if (d.isNegative()) {
        throw new NumberFormatException("negative");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("option " + name + ": expected a duration such as 500ms, 2s or 1m, got '" + v
          + "'");
    }
  }

  static int integer(Map<String, String> options, String name, int fallback) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("option " + name + ": expected a whole number, got '" + v + "'");
    }
  }
}

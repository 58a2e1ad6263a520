package org.stancemap.sources.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.stancemap.InvalidInputException;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.Source;
import org.stancemap.ingest.source.SourceFactory;
import org.stancemap.sources.http.AddressGuard;
import org.stancemap.sources.http.HttpSettings;
import org.stancemap.sources.http.SafeHttp;

/**
 * Claims {@code http://} and {@code https://} arguments and opens them as web sources (a page, a feed or a blog
 * listing, decided once the response is in).
 *
 * <p>Options (from {@link ImportContext#options()}): {@code max-pages} (listing pages followed, default 20),
 * {@code fetch-posts} ({@code true}/{@code false}, default true: fetch each feed entry's and listing post's own
 * page), {@code connect-timeout}, {@code read-timeout}, {@code timeout} (total per response), {@code max-redirects}
 * (0..5, default 5), {@code delay} (least time between two requests to one host, default 0; a robots.txt
 * Crawl-delay up to 10 s raises it). Sizes come from {@link ImportContext#maxBytes()}, and private addresses are
 * refused unless {@link ImportContext#allowPrivate()}.
 *
 * <p>One {@link SafeHttp} client (and so one robots.txt cache) is shared by all arguments opened with the same
 * settings through one factory instance. Thread-safe.
 */
public final class WebSourceFactory implements SourceFactory {
  /** Default number of listing pages followed. */
  public static final int DEFAULT_MAX_PAGES = 20;

  private final SafeHttp.Resolver resolver;
  private final AddressGuard guard;
  private final Map<List<Object>, SafeHttp> clients = new ConcurrentHashMap<>();

  /** The factory {@link ServiceLoader} creates: system DNS, guard from the context. */
  public WebSourceFactory() {
    this(null, null);
  }

  /**
   * @param resolver host lookup, or null for the system's
   * @param guard the address guard, or null to take it from {@link ImportContext#allowPrivate()}
   */
  public WebSourceFactory(SafeHttp.Resolver resolver, AddressGuard guard) {
    this.resolver = resolver;
    this.guard = guard;
  }

  /**
   * @throws InvalidInputException if the argument is an http(s) URL that cannot be parsed, or an option is invalid
   */
  @Override
  public Optional<Source> open(String argument, ImportContext context) {
    String lower = argument.strip().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = SafeHttp.parseUrl(argument);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("'" + argument + "' is not a valid URL: " + e.getMessage());
    }
    if (uri.getHost() == null) {
      throw new InvalidInputException("'" + argument + "' is not a valid URL: it has no host name");
    }
    HttpSettings settings = HttpSettings.fromOptions(context.options(), context.maxBytes());
    int maxPages = integer(context.option("max-pages", String.valueOf(DEFAULT_MAX_PAGES)), "max-pages");
    if (maxPages < 1) {
      throw new InvalidInputException("option max-pages must be at least 1, got " + maxPages);
    }
    String fp = context.option("fetch-posts", "true").strip().toLowerCase(Locale.ROOT);
    if (!fp.equals("true") && !fp.equals("false")) {
      throw new InvalidInputException("option fetch-posts must be true or false, got '" + fp + "'");
    }
    AddressGuard g = guard != null ? guard : AddressGuard.of(context.allowPrivate());
    // One client per settings, so that all URLs of one import share the robots.txt cache and the politeness clock.
    SafeHttp http = clients.computeIfAbsent(List.of(settings, guard != null || context.allowPrivate()),
        k -> resolver == null ? new SafeHttp(settings, g) : new SafeHttp(settings, g, resolver, null));
    return Optional.of(new WebSource(uri, http, maxPages, fp.equals("true")));
  }

  private static int integer(String v, String name) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("option " + name + ": expected a whole number, got '" + v + "'");
    }
  }

  @Override
  public int priority() {
    return 10;
  }
}

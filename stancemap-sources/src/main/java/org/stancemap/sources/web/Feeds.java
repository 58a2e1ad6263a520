package org.stancemap.sources.web;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.InvalidInputException;
import org.stancemap.sources.Items;

/**
 * RSS (0.9x, 1.0, 2.0) and Atom feeds, read with Rome. Document type declarations are refused (Rome's default), so
 * a feed cannot pull in external entities. Stateless.
 */
public final class Feeds {
  /** Media types that always mean a feed. */
  public static final Set<String> FEED_TYPES = Set.of("application/rss+xml", "application/atom+xml",
      "application/rdf+xml");

  private static final Pattern ROOT = Pattern.compile("<([A-Za-z][\\w:.-]*)");

  /**
   * A parsed feed.
   *
   * @param title the feed's title, or null
   * @param entries its entries in feed order
   */
  public record Feed(String title, List<Entry> entries) {}

  /**
   * One feed entry. Every field but {@code content} may be null; {@code content} is HTML or text, possibly empty.
   *
   * @param title entry title
   * @param link absolute link to the post
   * @param author the author's name
   * @param published the published date, else the updated date
   * @param guid the GUID (RSS) or id (Atom)
   * @param content the full content when the feed has it, else the description or summary
   */
  public record Entry(String title, String link, String author, Instant published, String guid, String content) {}

  private Feeds() {}

  /** Whether a response is a feed: by media type, or for XML and untyped bodies by the root element. */
  public static boolean isFeed(String mediaType, byte[] body) {
    if (mediaType != null && FEED_TYPES.contains(mediaType)) {
      return true;
    }
    if (mediaType != null && !mediaType.endsWith("/xml") && !mediaType.equals("text/plain")) {
      return false;
    }
    String root = rootElement(body);
    return root != null && (root.equals("rss") || root.equals("feed") || root.equals("rdf:rdf")
        || root.endsWith(":feed"));
  }

  /** The lower-cased name of the first element, skipping the XML declaration, comments and DOCTYPE; or null. */
  static String rootElement(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8)
        .replaceAll("(?s)<\\?.*?\\?>", "").replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<![^>]*>", "");
    Matcher m = ROOT.matcher(head);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  /**
   * Parses a feed.
   *
   * @param url where it came from, for relative links and messages
   * @throws InvalidInputException if it is not a well-formed RSS or Atom feed
   */
  public static Feed parse(byte[] body, String url) {
    SyndFeed feed;
    try {
      SyndFeedInput input = new SyndFeedInput();
      input.setAllowDoctypes(false);
      feed = input.build(new XmlReader(new ByteArrayInputStream(body)));
    } catch (FeedException | IOException | IllegalArgumentException | IllegalStateException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new InvalidInputException(url + ": not a readable RSS or Atom feed: " + why.strip(), e);
    }
    URI base = URI.create(url);
    List<Entry> entries = new ArrayList<>();
    for (SyndEntry e : feed.getEntries()) {
      String link = absolute(base, e.getLink());
      if (link == null && e.getUri() != null && e.getUri().matches("(?i)https?://.*")) {
        link = e.getUri();
      }
      String author = Items.first(e.getAuthor());
      if (author == null && e.getAuthors() != null) {
        for (SyndPerson p : e.getAuthors()) {
          author = Items.first(author, p.getName());
        }
      }
      Instant published = e.getPublishedDate() != null ? e.getPublishedDate().toInstant()
          : e.getUpdatedDate() != null ? e.getUpdatedDate().toInstant() : null;
      StringBuilder content = new StringBuilder();
      if (e.getContents() != null) {
        for (SyndContent c : e.getContents()) {
          if (c.getValue() != null && !c.getValue().isBlank()) {
            content.append(content.isEmpty() ? "" : "\n").append(c.getValue());
          }
        }
      }
      if (content.isEmpty() && e.getDescription() != null && e.getDescription().getValue() != null) {
        content.append(e.getDescription().getValue());
      }
      entries.add(new Entry(Items.first(e.getTitle()), link, author, published, Items.first(e.getUri()),
          content.toString()));
    }
    return new Feed(Items.first(feed.getTitle()), entries);
  }

  private static String absolute(URI base, String link) {
    if (link == null || link.isBlank()) {
      return null;
    }
    try {
      return base.resolve(link.strip()).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

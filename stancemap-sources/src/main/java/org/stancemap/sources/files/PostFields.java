package org.stancemap.sources.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.stancemap.InvalidInputException;
import org.stancemap.ingest.source.ImportContext;

/**
 * Which column (CSV) or key (JSONL) holds each field of a post or comment. An option {@code <field>-column} names it
 * explicitly; otherwise the first header that matches one of the field's common names (case-insensitive, ignoring
 * {@code _}, {@code -} and spaces) is taken. Immutable.
 *
 * <table>
 *   <caption>fields and their default names</caption>
 *   <tr><th>field</th><th>option</th><th>default names, in order</th></tr>
 *   <tr><td>text</td><td>text-column</td><td>text, body, content, message, comment, selftext, post, full_text, caption</td></tr>
 *   <tr><td>id</td><td>id-column</td><td>id, post_id, comment_id, message_id, tweet_id, status_id, uid</td></tr>
 *   <tr><td>parent</td><td>parent-column</td><td>parent_id, parent, reply_to, in_reply_to, in_reply_to_id,
 *     reply_to_message_id, in_reply_to_status_id, link_id</td></tr>
 *   <tr><td>author</td><td>author-column</td><td>author, user, username, user_name, screen_name, from, name, by</td></tr>
 *   <tr><td>date</td><td>date-column</td><td>date, created_at, created_utc, created, published, published_at,
 *     timestamp, time, datetime</td></tr>
 *   <tr><td>title</td><td>title-column</td><td>title, subject, headline</td></tr>
 *   <tr><td>url</td><td>url-column</td><td>url, link, permalink, href</td></tr>
 *   <tr><td>source</td><td>source-column</td><td>source, channel, subreddit, forum, site, group</td></tr>
 * </table>
 *
 * @param text the text column or key (always set)
 * @param id the id column or key, or null
 * @param parent the parent id column or key, or null
 * @param author the author column or key, or null
 * @param date the date column or key, or null
 * @param title the title column or key, or null
 * @param url the URL column or key, or null
 * @param source the source-name column or key, or null
 */
public record PostFields(String text, String id, String parent, String author, String date, String title, String url,
    String source) {
  static final Map<String, List<String>> DEFAULTS = defaults();

  private static Map<String, List<String>> defaults() {
    Map<String, List<String>> d = new LinkedHashMap<>();
    d.put("text", List.of("text", "body", "content", "message", "comment", "selftext", "post", "full_text", "caption"));
    d.put("id", List.of("id", "post_id", "comment_id", "message_id", "tweet_id", "status_id", "uid"));
    d.put("parent", List.of("parent_id", "parent", "reply_to", "in_reply_to", "in_reply_to_id",
        "reply_to_message_id", "in_reply_to_status_id", "link_id"));
    d.put("author", List.of("author", "user", "username", "user_name", "screen_name", "from", "name", "by"));
    d.put("date", List.of("date", "created_at", "created_utc", "created", "published", "published_at", "timestamp",
        "time", "datetime"));
    d.put("title", List.of("title", "subject", "headline"));
    d.put("url", List.of("url", "link", "permalink", "href"));
    d.put("source", List.of("source", "channel", "subreddit", "forum", "site", "group"));
    return d;
  }

  /**
   * Maps the fields onto {@code names} (the header, or the keys of the first records).
   *
   * @param exists whether a name given in an option exists (for JSONL a dotted path may be given)
   * @throws InvalidInputException if an option names a column that does not exist, or no text column is found
   */
  public static PostFields resolve(List<String> names, ImportContext context, String file, Function<String, Boolean> exists) {
    Map<String, String> found = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> f : DEFAULTS.entrySet()) {
      String option = f.getKey() + "-column";
      String given = context.options().get(option);
      if (given != null && !given.isBlank()) {
        String match = null;
        for (String n : names) {
          if (n.equals(given.strip())) {
            match = n;
          }
        }
        if (match == null) {
          for (String n : names) {
            if (n.equalsIgnoreCase(given.strip())) {
              match = n;
            }
          }
        }
        if (match == null && exists.apply(given.strip())) {
          match = given.strip();
        }
        if (match == null) {
          throw new InvalidInputException(file + ": option " + option + "=" + given + ": no such column (columns: "
              + String.join(", ", names) + ")");
        }
        found.put(f.getKey(), match);
        continue;
      }
      found.put(f.getKey(), byDefault(names, f.getValue(), found));
    }
    if (found.get("text") == null) {
      throw new InvalidInputException(file + ": no text column found (columns: " + String.join(", ", names)
          + "); name it with the option text-column");
    }
    return new PostFields(found.get("text"), found.get("id"), found.get("parent"), found.get("author"),
        found.get("date"), found.get("title"), found.get("url"), found.get("source"));
  }

  private static String byDefault(List<String> names, List<String> candidates, Map<String, String> taken) {
    for (String c : candidates) {
      for (String n : names) {
        if (norm(n).equals(norm(c)) && !taken.containsValue(n)) {
          return n;
        }
      }
    }
    return null;
  }

  private static String norm(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
  }

  /** The mapped column names, for "other columns" bookkeeping. */
  public List<String> mapped() {
    List<String> m = new ArrayList<>();
    for (String s : new String[] {text, id, parent, author, date, title, url, source}) {
      if (s != null) {
        m.add(s);
      }
    }
    return m;
  }
}

package org.stancemap.sources.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Recognises blog listing and archive pages (a front page, a category or tag archive, a search result) and reads
 * their posts and the link to the next page.
 *
 * <p>An <em>entry</em> is a heading ({@code h1}..{@code h4}) outside navigation, sidebars and footers, with the
 * paragraphs after it up to the next heading as its teaser; its post URL is the heading's link, else the entry's
 * "Read more" / "Continue reading" link. A page is a listing when at least two entries have a post URL and a teaser
 * that is truncated ({@code […]}, {@code [...]}, {@code …}) or followed by a "Read more" link, and the truncated teasers
 * make up at least half of the page's paragraph text (so that a single post with a "related posts" box is not
 * taken for a listing). Stateless.
 */
public final class Listing {
  /**
   * One post as the listing shows it.
   *
   * @param title the heading's text
   * @param url the absolute post URL, or null
   * @param teaser the teaser text, possibly empty
   * @param truncated whether the teaser ends in a truncation mark or is followed by a read-more link
   */
  public record Entry(String title, String url, String teaser, boolean truncated) {}

  private static final String FURNITURE = "nav, aside, footer, header, form, .sidebar, .widget, .menu, .navigation, "
      + ".comments, #comments, .related, .share";
  private static final Pattern TRUNCATED = Pattern.compile("(\\[\\s*(…|\\.\\.\\.)\\s*]|…|\\.\\.\\.)\\s*$");
  private static final Pattern READ_MORE = Pattern.compile(
      "(?i)^\\s*(read more|continue reading|read the rest|more\\s*(…|\\.\\.\\.|»|›)|weiterlesen|lire la suite"
          + "|читать далее|читати далі)\\b.*");
  private static final Pattern NEXT_TEXT = Pattern.compile(
      "(?i)^\\s*((«|‹|←)\\s*)?(older posts|older entries|older articles|next page|next|more posts|earlier posts"
          + "|ältere beiträge|weiter|page suivante|следующая|наступна)\\s*(»|›|→)?\\s*$|^\\s*(»|›|→)\\s*$");
  private static final Pattern PAGE_PATH = Pattern.compile("/page/(\\d+)/?$");
  private static final Pattern PAGE_QUERY = Pattern.compile("([?&](?:paged|page)=)(\\d+)");

  private Listing() {}

  /** The entries of a parsed page (base URI set), in page order. */
  public static List<Entry> entries(org.jsoup.nodes.Document page) {
    Element body = page.body();
    if (body == null) {
      return List.of();
    }
    Map<Element, Integer> order = new IdentityHashMap<>();
    Elements all = body.getAllElements();
    for (int i = 0; i < all.size(); i++) {
      order.put(all.get(i), i);
    }
    Set<Element> furniture = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Element f : body.select(FURNITURE)) {
      if (!(f.tagName().equals("header") && f.closest("article") != null)) {
        furniture.addAll(f.getAllElements());
      }
    }
    List<Element> headings = new ArrayList<>();
    for (Element h : body.select("h1, h2, h3, h4")) {
      if (!inside(h, furniture) && !h.text().isBlank()) {
        headings.add(h);
      }
    }
    List<Element> blocks = new ArrayList<>();
    for (Element p : body.select("p, .entry-summary, .excerpt, .teaser, .summary")) {
      if (!inside(p, furniture) && (p.tagName().equals("p") || p.select("p").isEmpty())) {
        blocks.add(p);
      }
    }
    List<Element> links = new ArrayList<>();
    for (Element a : body.select("a[href]")) {
      if (!inside(a, furniture)) {
        links.add(a);
      }
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < headings.size(); i++) {
      Element h = headings.get(i);
      int from = order.get(h);
      int to = i + 1 < headings.size() ? order.get(headings.get(i + 1)) : Integer.MAX_VALUE;
      StringBuilder teaser = new StringBuilder();
      for (Element p : blocks) {
        int at = order.get(p);
        if (at > from && at < to && !p.text().isBlank()) {
          if (!teaser.isEmpty()) {
            teaser.append("\n\n");
          }
          teaser.append(p.text().strip());
        }
      }
      Element more = null;
      for (Element a : links) {
        int at = order.get(a);
        if (at > from && at < to && (READ_MORE.matcher(a.text()).matches()
            || a.className().toLowerCase(Locale.ROOT).matches(".*\\b(more-link|read-more|readmore)\\b.*"))) {
          more = a;
          break;
        }
      }
      Element own = h.selectFirst("a[href]");
      String url = own != null && !own.absUrl("href").isEmpty() ? own.absUrl("href")
          : more != null && !more.absUrl("href").isEmpty() ? more.absUrl("href") : null;
      String text = teaser.toString();
      if (more != null) {
        text = text.replaceAll("(?i)\\s*(read more|continue reading)\\s*(»|›|→|…)?\\s*$", "").strip();
      }
      boolean truncated = TRUNCATED.matcher(text).find() || more != null;
      out.add(new Entry(h.text().strip(), url, text, truncated));
    }
    return out;
  }

  /** Whether the page is a listing of posts (see the class comment). */
  public static boolean isListing(org.jsoup.nodes.Document page, List<Entry> entries) {
    int truncated = 0;
    long teaserChars = 0;
    for (Entry e : entries) {
      if (e.url() != null && e.truncated() && !e.teaser().isBlank()) {
        truncated++;
        teaserChars += e.teaser().length();
      }
    }
    if (truncated < 2 || page.body() == null) {
      return false;
    }
    long pageChars = 0;
    for (Element p : page.body().select("p")) {
      pageChars += p.text().length();
    }
    return teaserChars * 2 >= pageChars;
  }

  /**
   * The next (older) page of a listing: {@code rel="next"}, else a link reading "Older posts", "Next page", "»" or
   * the like (or inside WordPress's {@code .nav-previous}), else the link to {@code /page/N+1/} or
   * {@code ?paged=N+1}. Only links to the same host count. Null when there is none.
   */
  public static String nextPage(org.jsoup.nodes.Document page, String currentUrl) {
    String host = host(currentUrl);
    for (Element e : page.select("link[rel~=(?i)^next$][href], a[rel~=(?i)^next$][href]")) {
      String u = e.absUrl("href");
      if (sameHost(u, host) && !u.equals(currentUrl)) {
        return u;
      }
    }
    for (Element a : page.select("a[href]")) {
      String u = a.absUrl("href");
      if (!sameHost(u, host) || u.equals(currentUrl)) {
        continue;
      }
      if (NEXT_TEXT.matcher(a.text()).matches() || a.parents().stream().anyMatch(p -> p.hasClass("nav-previous"))
          || a.hasClass("next")) {
        return u;
      }
    }
    int current = 1;
    Matcher m = PAGE_PATH.matcher(path(currentUrl));
    Matcher q = PAGE_QUERY.matcher(currentUrl);
    if (m.find()) {
      current = Integer.parseInt(m.group(1));
    } else if (q.find()) {
      current = Integer.parseInt(q.group(2));
    }
    String wantedPath = "/page/" + (current + 1);
    for (Element a : page.select("a[href]")) {
      String u = a.absUrl("href");
      if (!sameHost(u, host)) {
        continue;
      }
      String p = path(u);
      if (p.endsWith(wantedPath) || p.endsWith(wantedPath + "/")) {
        return u;
      }
      Matcher uq = PAGE_QUERY.matcher(u);
      if (uq.find() && Integer.parseInt(uq.group(2)) == current + 1) {
        return u;
      }
    }
    return null;
  }

  private static boolean inside(Element e, Set<Element> furniture) {
    return furniture.contains(e);
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String path(String url) {
    try {
      String p = URI.create(url).getRawPath();
      return p == null ? "" : p;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static boolean sameHost(String url, String host) {
    return !url.isEmpty() && host(url).equals(host);
  }
}

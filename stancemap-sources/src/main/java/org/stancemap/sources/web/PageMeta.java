package org.stancemap.sources.web;

import java.time.Instant;
import org.jsoup.nodes.Element;
import org.stancemap.JsonException;
import org.stancemap.document.Dates;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.sources.Items;

/**
 * What an HTML page says about itself in its markup. Every field may be null.
 *
 * @param title {@code og:title}, else {@code twitter:title}, else {@code <title>}, else the first {@code <h1>}
 * @param author {@code <meta name="author">}, {@code article:author}, JSON-LD {@code author}, else a
 *     {@code rel="author"} link or an element of class {@code author}/{@code byline}
 * @param published {@code article:published_time}, {@code itemprop="datePublished"}, Dublin Core dates, JSON-LD
 *     {@code datePublished}, else the first {@code <time datetime>}
 * @param canonical {@code <link rel="canonical">}, else {@code og:url}, made absolute
 * @param siteName {@code og:site_name}
 */
public record PageMeta(String title, String author, Instant published, String canonical, String siteName) {

  /** Reads the metadata of a parsed page (its base URI set, so that relative links resolve). */
  public static PageMeta of(org.jsoup.nodes.Document page) {
    Json ld = jsonLd(page);
    String title = Items.first(meta(page, "og:title"), meta(page, "twitter:title"), page.title(),
        text(page.selectFirst("h1")), ldString(ld, "headline"), ldString(ld, "name"));
    String author = Items.first(meta(page, "author"), meta(page, "article:author"), meta(page, "dc.creator"),
        ldAuthor(ld), text(page.selectFirst("a[rel~=author]")), text(page.selectFirst("[itemprop=author]")),
        text(page.selectFirst(".author .fn")), text(page.selectFirst(".byline .author")),
        text(page.selectFirst(".author-name")), text(page.selectFirst(".author")), byline(page));
    if (author != null && author.matches("https?://.*")) {
      author = null; // article:author is often a profile URL, not a name
    }
    if (author != null) {
      author = author.replaceFirst("(?i)^by\\s+", "").strip();
      if (author.length() > 200) {
        author = author.substring(0, 200);
      }
    }
    Instant published = null;
    for (String candidate : new String[] {meta(page, "article:published_time"), itemprop(page, "datePublished"),
        meta(page, "dc.date.issued"), meta(page, "dc.date"), meta(page, "date"), ldString(ld, "datePublished"),
        attr(page.selectFirst("time[datetime]"), "datetime"), meta(page, "article:modified_time")}) {
      published = Dates.parse(candidate);
      if (published != null) {
        break;
      }
    }
    String canonical = null;
    Element link = page.selectFirst("link[rel=canonical][href]");
    if (link != null && !link.absUrl("href").isEmpty()) {
      canonical = link.absUrl("href");
    } else {
      Element og = page.selectFirst("meta[property=og:url][content]");
      if (og != null && !og.absUrl("content").isEmpty()) {
        canonical = og.absUrl("content");
      }
    }
    return new PageMeta(title, author, published, canonical, meta(page, "og:site_name"));
  }

  private static String meta(org.jsoup.nodes.Document page, String name) {
    for (Element m : page.select("meta[content]")) {
      String key = m.hasAttr("property") ? m.attr("property") : m.attr("name");
      if (key.equalsIgnoreCase(name) && !m.attr("content").isBlank()) {
        return m.attr("content").strip();
      }
    }
    return null;
  }

  private static String itemprop(org.jsoup.nodes.Document page, String prop) {
    Element e = page.selectFirst("[itemprop=" + prop + "]");
    if (e == null) {
      return null;
    }
    return Items.first(e.attr("content"), e.attr("datetime"), e.text());
  }

  /** The text of a {@code .byline} without its date. */
  private static String byline(org.jsoup.nodes.Document page) {
    Element b = page.selectFirst(".byline");
    if (b == null) {
      return null;
    }
    Element copy = b.clone();
    copy.select("time, .date, .published").remove();
    return copy.text();
  }

  private static String text(Element e) {
    return e == null ? null : e.text();
  }

  private static String attr(Element e, String name) {
    return e == null ? null : e.attr(name);
  }

  /** The first JSON-LD object that describes an article or page (inside {@code @graph} too), or null. */
  private static Json jsonLd(org.jsoup.nodes.Document page) {
    for (Element s : page.select("script[type=application/ld+json]")) {
      try {
        Json found = article(JsonParser.parse(s.data().strip()), 0);
        if (found != null) {
          return found;
        }
      } catch (JsonException e) {
        // broken JSON-LD is common; the other metadata still counts
      }
    }
    return null;
  }

  private static Json article(Json j, int depth) {
    if (depth > 8) {
      return null;
    }
    if (j instanceof Json.Arr a) {
      for (Json x : a.items()) {
        Json f = article(x, depth + 1);
        if (f != null) {
          return f;
        }
      }
    } else if (j instanceof Json.Obj o) {
      if (o.has("datePublished") || o.has("headline")) {
        return o;
      }
      if (o.has("@graph")) {
        return article(o.get("@graph"), depth + 1);
      }
    }
    return null;
  }

  private static String ldString(Json ld, String key) {
    if (ld instanceof Json.Obj o && o.get(key) instanceof Json.Str s) {
      return s.value();
    }
    return null;
  }

  private static String ldAuthor(Json ld) {
    if (!(ld instanceof Json.Obj o)) {
      return null;
    }
    Json a = o.get("author");
    if (a instanceof Json.Arr arr && !arr.items().isEmpty()) {
      a = arr.items().get(0);
    }
    if (a instanceof Json.Str s) {
      return s.value();
    }
    if (a instanceof Json.Obj ao && ao.get("name") instanceof Json.Str n) {
      return n.value();
    }
    return null;
  }
}

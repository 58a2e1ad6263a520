package org.stancemap.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.stancemap.text.Region;
import org.stancemap.text.Span;
import org.stancemap.text.UnitKind;

/**
 * Extracts a page's main text from HTML: scripts, styles, navigation, headers, footers, forms and hidden elements
 * are dropped; the {@code <article>} or {@code <main>} is kept (else the body), plus any comment section. Block
 * elements become blank-line separated blocks; headings become title regions; each comment becomes a comment
 * region with its author and date, whose byline is recorded as page furniture. Malformed HTML is repaired the way
 * browsers do (jsoup). Stateless and thread-safe.
 */
public final class HtmlExtractor {
  private static final String DROP = "script, style, noscript, template, nav, footer, form, iframe, svg, canvas, "
      + "button, select, textarea, [hidden], [aria-hidden=true], .sr-only, .visually-hidden, .share, .social, "
      + ".cookie, .advert, .ad, .ads, .menu, .sidebar, aside:not(.comments):not(#comments)";
  private static final Pattern COMMENT_CLASS =
      Pattern.compile("(^|[\\s_-])(comment|reply|response)($|[\\s_-])", Pattern.CASE_INSENSITIVE);
  private static final Pattern AUTHOR_CLASS =
      Pattern.compile("author|user|name|byline|fn", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE_CLASS =
      Pattern.compile("date|time|posted|meta|published", Pattern.CASE_INSENSITIVE);
  private static final String BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, dt, dd, td, th, "
      + "caption, address";

  /** The extracted text and its structure. */
  public record Extracted(String text, String title, List<Region> regions, List<Span> furniture) {}

  public Extracted extract(String html) {
    org.jsoup.nodes.Document doc = Jsoup.parse(html);
    String title = doc.title().isBlank() ? null : doc.title().strip();
    doc.select(DROP).remove();
    doc.select("header").forEach(h -> {
      // A page header is furniture, but an article's own header holds its title.
      if (h.parents().stream().noneMatch(p -> p.tagName().equals("article"))) {
        h.remove();
      }
    });
    Element body = doc.body();
    Elements articles = body.select("article");
    Element main = articles.size() == 1 ? articles.first()
        : !body.select("main").isEmpty() ? body.select("main").first() : body;
    List<Element> roots = new ArrayList<>();
    roots.add(main);
    for (Element c : body.select("[class~=(?i)comments?|responses], [id~=(?i)^comments?$]")) {
      if (!isInside(c, main) && roots.stream().noneMatch(r -> isInside(c, r))) {
        roots.add(c);
      }
    }
    Builder b = new Builder();
    for (Element r : roots) {
      walk(r, b);
    }
    if (title == null) {
      Element h1 = main.selectFirst("h1");
      title = h1 == null ? null : h1.text().strip();
    }
    return new Extracted(b.text.toString(), title, b.regions, b.furniture);
  }

  private static boolean isInside(Element e, Element ancestor) {
    for (Element p = e; p != null; p = p.parent()) {
      if (p == ancestor) {
        return true;
      }
    }
    return false;
  }

  private static final class Builder {
    final StringBuilder text = new StringBuilder();
    final List<Region> regions = new ArrayList<>();
    final List<Span> furniture = new ArrayList<>();

    /** Appends a block; returns its span, or null when it had no text. */
    Span block(String s) {
      String t = s.strip();
      if (t.isEmpty()) {
        return null;
      }
      if (!text.isEmpty()) {
        text.append("\n\n");
      }
      int start = text.length();
      text.append(t);
      return new Span(start, text.length());
    }
  }

  private void walk(Element e, Builder b) {
    if (isComment(e)) {
      comment(e, b);
      return;
    }
    String tag = e.tagName().toLowerCase(Locale.ROOT);
    if (tag.matches("h[1-6]")) {
      Span s = b.block(e.text());
      if (s != null) {
        b.regions.add(new Region(UnitKind.TITLE, s, null, null));
      }
      return;
    }
    if (e.is(BLOCKS) && e.select(BLOCKS.replace("li, ", "")).stream().noneMatch(x -> x != e)) {
      b.block(blockText(e));
      return;
    }
    // A container: text directly inside it forms blocks of its own, children are walked in order.
    StringBuilder loose = new StringBuilder();
    for (Node n : e.childNodes()) {
      if (n instanceof TextNode t) {
        loose.append(t.text());
      } else if (n instanceof Element c) {
        if (c.isBlock() || c.is(BLOCKS) || isComment(c) || !c.select(BLOCKS).isEmpty()) {
          b.block(loose.toString());
          loose.setLength(0);
          walk(c, b);
        } else {
          loose.append(c.tagName().equals("br") ? "\n" : c.text());
        }
      }
    }
    b.block(loose.toString());
  }

  /** Text of a block with {@code <br>} kept as line breaks. */
  private static String blockText(Element e) {
    StringBuilder sb = new StringBuilder();
    for (Node n : e.childNodes()) {
      if (n instanceof TextNode t) {
        sb.append(t.text());
      } else if (n instanceof Element c) {
        sb.append(c.tagName().equals("br") ? "\n" : blockText(c));
      }
    }
    return sb.toString().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" ?\n ?", "\n");
  }

  private static boolean isComment(Element e) {
    if (e.select("[class], [id]").size() > 40) {
      return false; // a whole comment section, not one comment
    }
    String cls = e.className() + " " + e.id();
    return COMMENT_CLASS.matcher(cls).find() && !cls.toLowerCase(Locale.ROOT).contains("comments")
        && !cls.toLowerCase(Locale.ROOT).matches(".*comment[-_]?(author|date|meta|body|content|text|count).*");
  }

  private void comment(Element e, Builder b) {
    String author = null;
    String date = null;
    List<Span> body = new ArrayList<>();
    List<Span> meta = new ArrayList<>();
    for (Element c : e.children()) {
      String cls = c.className() + " " + c.id();
      if (author == null && AUTHOR_CLASS.matcher(cls).find() && c.text().length() <= 80) {
        author = c.text().strip();
        addIf(meta, b.block(c.text()));
      } else if (date == null && (DATE_CLASS.matcher(cls).find() || c.tagName().equals("time"))
          && c.text().length() <= 80) {
        date = c.text().strip();
        addIf(meta, b.block(c.text()));
      } else if (c.is(BLOCKS) || !c.select(BLOCKS).isEmpty()) {
        int before = b.text.length();
        walk(c, b);
        if (b.text.length() > before) {
          int start = before == 0 ? 0 : before + 2;
          body.add(new Span(start, b.text.length()));
        }
      } else {
        addIf(body, b.block(c.text()));
      }
    }
    if (e.children().isEmpty()) {
      addIf(body, b.block(e.text()));
    }
    b.furniture.addAll(meta);
    if (!body.isEmpty()) {
      Span span = new Span(body.get(0).start(), body.get(body.size() - 1).end());
      b.regions.add(new Region(UnitKind.COMMENT, span, author, date));
    }
  }

  private static void addIf(List<Span> l, Span s) {
    if (s != null) {
      l.add(s);
    }
  }
}

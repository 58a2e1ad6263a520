package org.stancemap.sources.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jsoup.Jsoup;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.TextDecoder;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.Source;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Items;
import org.stancemap.sources.files.Extracted;
import org.stancemap.sources.files.PdfParser;
import org.stancemap.sources.http.FetchException;
import org.stancemap.sources.http.HttpResponse;
import org.stancemap.sources.http.SafeHttp;

/**
 * One URL given to {@code import}: fetched once, then read as what it turns out to be.
 *
 * <ul>
 *   <li>an RSS or Atom feed (by media type or root element): each entry an item; its post page is fetched as the
 *       document when reachable, else the feed's own content is used and a note says so;
 *   <li>a blog listing or archive page ({@link Listing}): followed page by page up to {@code max-pages}, each post
 *       fetched as its own document when reachable, else its teaser kept as an item with a note;
 *   <li>any other HTML page, a plain-text or PDF response: one item.
 * </ul>
 *
 * <p>Locations are the URLs themselves (the post's link for feed and listing entries; {@code FEED#guid=…} for an
 * entry without a link), so a later import recognises them. Every failure is a {@link SourceEvent.Failure} naming
 * the URL. Not thread-safe: read it from one thread.
 */
final class WebSource implements Source {
  static final Set<String> HTML = Set.of("text/html", "application/xhtml+xml");
  static final Set<String> ANY = Set.of("text/html", "application/xhtml+xml", "application/rss+xml",
      "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml", "text/plain", "application/pdf");
  static final Set<String> POST = Set.of("text/html", "application/xhtml+xml", "text/plain", "application/pdf");

  private final URI start;
  private final SafeHttp http;
  private final int maxPages;
  private final boolean fetchPosts;

  WebSource(URI start, SafeHttp http, int maxPages, boolean fetchPosts) {
    this.start = start;
    this.http = http;
    this.maxPages = maxPages;
    this.fetchPosts = fetchPosts;
  }

  @Override
  public String describe() {
    return "web " + start;
  }

  @Override
  public void read(ImportContext context, Consumer<SourceEvent> sink) {
    String location = start.toString();
    if (context.alreadyImported().test(location)) {
      return;
    }
    HttpResponse r;
    try {
      r = http.get(start, ANY);
    } catch (FetchException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
      return;
    }
    try {
      if (Feeds.isFeed(r.mediaType(), r.body())) {
        readFeed(r, context, sink);
        return;
      }
      if (isPdf(r)) {
        sink.accept(new SourceEvent.Item(pdfItem(r, location, context, DocumentMeta.NONE)));
        return;
      }
      String text = decode(r, location);
      if (isHtml(r, text)) {
        org.jsoup.nodes.Document page = Jsoup.parse(text, r.uri().toString());
        List<Listing.Entry> entries = Listing.entries(page);
        if (Listing.isListing(page, entries)) {
          readListing(r, page, entries, context, sink);
          return;
        }
        sink.accept(new SourceEvent.Item(htmlItem(r, location, text, page, context, DocumentMeta.NONE)));
        return;
      }
      if (r.mediaType() != null && r.mediaType().endsWith("/xml")) {
        sink.accept(new SourceEvent.Failure(location, location + ": XML that is neither an RSS nor an Atom feed"
            + " (root element <" + Feeds.rootElement(r.body()) + ">)"));
        return;
      }
      sink.accept(new SourceEvent.Item(textItem(r, location, text, context, DocumentMeta.NONE)));
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
    } catch (RuntimeException e) {
      sink.accept(new SourceEvent.Failure(location, location + ": could not be processed: " + e));
    }
  }

  private void readFeed(HttpResponse r, ImportContext context, Consumer<SourceEvent> sink) {
    String feedUrl = r.uri().toString();
    Feeds.Feed feed = Feeds.parse(r.body(), feedUrl);
    String sourceName = Items.first(feed.title(), host(r.uri()));
    Set<String> seen = new HashSet<>();
    int index = 0;
    for (Feeds.Entry e : feed.entries()) {
      index++;
      String location = e.link() != null ? e.link()
          : feedUrl + "#" + (e.guid() != null ? "guid=" + e.guid() : "entry=" + index);
      if (!seen.add(location) || context.alreadyImported().test(location)) {
        continue;
      }
      DocumentMeta meta = DocumentMeta.fromSource(e.link(), e.title(), e.author(), e.published(),
          Items.first(e.guid(), e.link()),
          null, null, Map.of("feed", feedUrl));
      try {
        sink.accept(new SourceEvent.Item(post(location, e.link(), sourceName, meta, e.content(),
            "the feed's content", context)));
      } catch (InvalidInputException ex) {
        sink.accept(new SourceEvent.Failure(location, ex.getMessage()));
      } catch (RuntimeException ex) {
        sink.accept(new SourceEvent.Failure(location, location + ": could not be processed: " + ex));
      }
    }
  }

  private void readListing(HttpResponse first, org.jsoup.nodes.Document firstPage, List<Listing.Entry> firstEntries,
      ImportContext context, Consumer<SourceEvent> sink) {
    String sourceName = host(first.uri());
    Set<String> visitedPages = new HashSet<>();
    Set<String> seenPosts = new HashSet<>();
    org.jsoup.nodes.Document page = firstPage;
    List<Listing.Entry> entries = firstEntries;
    String pageUrl = first.uri().toString();
    visitedPages.add(start.toString());
    visitedPages.add(pageUrl);
    for (int pageNo = 1; ; pageNo++) {
      int index = 0;
      for (Listing.Entry e : entries) {
        index++;
        if (e.teaser().isBlank() && e.url() == null) {
          continue;
        }
        String location = e.url() != null ? e.url() : pageUrl + "#entry=" + index;
        if (!seenPosts.add(location) || context.alreadyImported().test(location)) {
          continue;
        }
        DocumentMeta meta = DocumentMeta.fromSource(e.url(), e.title(), null, null, null, null, null,
            Map.of("listing", pageUrl));
        String teaser = e.teaser().isBlank() ? "" : (e.title() == null ? "" : e.title() + "\n\n") + e.teaser();
        try {
          sink.accept(new SourceEvent.Item(post(location, e.url(), sourceName, meta, teaser, "the listing's teaser",
              context)));
        } catch (InvalidInputException ex) {
          sink.accept(new SourceEvent.Failure(location, ex.getMessage()));
        } catch (RuntimeException ex) {
          sink.accept(new SourceEvent.Failure(location, location + ": could not be processed: " + ex));
        }
      }
      String next = Listing.nextPage(page, pageUrl);
      if (next == null || visitedPages.contains(next)) {
        return;
      }
      if (pageNo >= maxPages) {
        sink.accept(new SourceEvent.Failure(next, next + ": not read: the listing starting at " + start
            + " has more pages than max-pages=" + maxPages + "; raise the option max-pages to read further"));
        return;
      }
      visitedPages.add(next);
      HttpResponse r;
      try {
        r = http.get(URI.create(next), HTML);
        if (!visitedPages.add(r.uri().toString()) && !r.uri().toString().equals(next)) {
          return; // redirected back to a page already read
        }
      } catch (FetchException | IllegalArgumentException ex) {
        sink.accept(new SourceEvent.Failure(next, ex.getMessage() + " (page " + (pageNo + 1) + " of the listing "
            + start + "; the pages after it were not read)"));
        return;
      }
      pageUrl = r.uri().toString();
      page = Jsoup.parse(decode(r, pageUrl), pageUrl);
      entries = Listing.entries(page);
    }
  }

  /**
   * A post of a feed or listing: its page when it can be fetched, else the fallback text (feed content or teaser)
   * with a note saying why.
   */
  private SourceItem post(String location, String link, String sourceName, DocumentMeta meta, String fallback,
      String fallbackName, ImportContext context) {
    String why;
    if (link == null) {
      why = "the entry has no link";
    } else if (!fetchPosts) {
      why = "fetch-posts=false";
    } else {
      try {
        URI u = SafeHttp.parseUrl(link);
        HttpResponse r = http.get(u, POST);
        SourceItem item;
        if (isPdf(r)) {
          item = pdfItem(r, location, context, meta);
        } else {
          String text = decode(r, location);
          item = isHtml(r, text)
              ? htmlItem(r, location, text, Jsoup.parse(text, r.uri().toString()), context, meta)
              : textItem(r, location, text, context, meta);
        }
        return new SourceItem(location, sourceName, item.document(), item.meta());
      } catch (FetchException e) {
        why = e.getMessage();
      } catch (URISyntaxException e) {
        why = "invalid link '" + link + "'";
      } catch (InvalidInputException e) {
        why = e.getMessage();
      }
    }
    if (fallback == null || fallback.isBlank()) {
      throw new InvalidInputException(location + ": no text: the post could not be fetched (" + why
          + ") and there is no " + fallbackName.replace("the ", "") + " to fall back on");
    }
    Document d = context.reader().document(location, fallback.getBytes(StandardCharsets.UTF_8), "html");
    d = Items.withNote(d, "text from " + fallbackName + " only: the post page was not used (" + why + ")");
    Map<String, String> extra = new TreeMap<>(meta.extra());
    extra.put("partial", "true");
    return new SourceItem(location, sourceName, d, DocumentMeta.fromSource(meta.url(),
        Items.first(meta.title(), d.title()), meta.author(), meta.published(), meta.externalId(), meta.parentId(),
        meta.mediaRef(), extra));
  }

  private static SourceItem htmlItem(HttpResponse r, String location, String text, org.jsoup.nodes.Document page,
      ImportContext context, DocumentMeta hints) {
    Document d = context.reader().document(location, text.getBytes(StandardCharsets.UTF_8), "html");
    PageMeta m = PageMeta.of(page);
    DocumentMeta meta = DocumentMeta.fromSource(Items.first(m.canonical(), hints.url(), r.uri().toString()),
        Items.first(hints.title(), m.title(), d.title()), Items.first(hints.author(), m.author()),
        hints.published() != null ? hints.published() : m.published(), hints.externalId(), hints.parentId(), null,
        extra(hints, r, m));
    return new SourceItem(location, Items.first(m.siteName(), host(r.uri())), d, meta);
  }

  private static SourceItem textItem(HttpResponse r, String location, String text, ImportContext context,
      DocumentMeta hints) {
    Document d = context.reader().document(location, text.getBytes(StandardCharsets.UTF_8), "txt");
    DocumentMeta meta = DocumentMeta.fromSource(Items.first(hints.url(), r.uri().toString()), hints.title(),
        hints.author(),
        hints.published(), hints.externalId(), hints.parentId(), null, extra(hints, r, null));
    return new SourceItem(location, host(r.uri()), d, meta);
  }

  private static SourceItem pdfItem(HttpResponse r, String location, ImportContext context, DocumentMeta hints) {
    Extracted x = PdfParser.extract(r.body(), location);
    Document d = Items.text(context, location, x.text(), "txt");
    DocumentMeta meta = DocumentMeta.fromSource(Items.first(hints.url(), r.uri().toString()),
        Items.first(hints.title(), x.title()),
        Items.first(hints.author(), x.author()), hints.published() != null ? hints.published() : x.published(),
        hints.externalId(), hints.parentId(), null, extra(hints, r, null));
    return new SourceItem(location, host(r.uri()), d, meta);
  }

  private static Map<String, String> extra(DocumentMeta hints, HttpResponse r, PageMeta m) {
    Map<String, String> extra = new TreeMap<>(hints.extra());
    if (!r.redirects().isEmpty()) {
      extra.put("fetched-from", r.uri().toString());
    }
    if (r.mediaType() != null) {
      extra.put("content-type", r.mediaType());
    }
    if (m != null && m.siteName() != null) {
      extra.put("site-name", m.siteName());
    }
    return extra;
  }

  private static boolean isPdf(HttpResponse r) {
    return "application/pdf".equals(r.mediaType())
        || r.mediaType() == null && r.body().length > 4 && new String(r.body(), 0, 5, StandardCharsets.ISO_8859_1)
            .equals("%PDF-");
  }

  private static boolean isHtml(HttpResponse r, String text) {
    if (r.mediaType() != null) {
      return HTML.contains(r.mediaType());
    }
    String head = text.substring(0, Math.min(text.length(), 2048)).toLowerCase(Locale.ROOT);
    return head.contains("<html") || head.contains("<!doctype html") || head.contains("<body");
  }

  /** The body as text: by the charset the server declared when it decodes cleanly, else detected. */
  static String decode(HttpResponse r, String location) {
    if (r.charset() != null) {
      try {
        Charset cs = Charset.forName(r.charset());
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.body())).toString()
            .replaceFirst("^\uFEFF", "");
      } catch (IllegalArgumentException | CharacterCodingException e) {
        // a wrong or unknown charset label: fall back to detection
      }
    }
    if (r.body().length == 0) {
      throw new InvalidInputException(location + ": the response is empty (0 bytes)");
    }
    return new TextDecoder().decode(r.body(), location).text();
  }

  static String host(URI u) {
    return u.getHost() == null ? u.toString() : u.getHost().toLowerCase(Locale.ROOT);
  }
}

package org.stancemap.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancemap.text.Region;
import org.stancemap.text.Segmenter;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;
import org.stancemap.text.UnitKind;

class HtmlExtractorTest {
  private final HtmlExtractor extractor = new HtmlExtractor();

  private static final String PAGE = """
      <!DOCTYPE html>
      <html>
      <head>
        <title>Solidarity Page</title>
        <style>body { color: red; } .STYLETEXT { }</style>
        <script>var secret = 'SCRIPTTEXT';</script>
      </head>
      <body>
        <header><a href="/">SITEHEADER</a></header>
        <nav><a href="/">Home</a> <a href="/about">NAVTEXT</a></nav>
        <article>
          <h1>Why We Stand With Ukraine</h1>
          <p>The invasion must end. Workers in Kyiv keep the metro running.</p>
          <p>Second paragraph with <b>bold</b> and <a href="#">linked</a> words.</p>
          <h2>What Comes Next</h2>
          <p>Third paragraph.</p>
        </article>
        <aside class="sidebar">SIDEBARTEXT</aside>
        <section class="comments">
          <div class="comment"><p class="comment-author">A</p><p class="comment-date">May 1, 2023</p><p>text</p></div>
          <div class="comment">
            <p class="comment-author">Boris</p><p class="comment-date">May 2, 2023</p>
            <p>I disagree with this article entirely.</p><p>And a second paragraph.</p>
          </div>
        </section>
        <footer>FOOTERTEXT copyright</footer>
        <script>alert('SCRIPT2')</script>
        <noscript>NOSCRIPTTEXT</noscript>
        <form><input name="q"><button>BUTTONTEXT</button></form>
      </body>
      </html>
      """;

  private static String of(HtmlExtractor.Extracted x, Span s) {
    return s.of(x.text());
  }

  @Test
  void dropsScriptsStylesNavigationAndFooters() {
    HtmlExtractor.Extracted x = extractor.extract(PAGE);
    for (String gone : List.of("SCRIPTTEXT", "SCRIPT2", "color: red", "STYLETEXT", "NAVTEXT", "Home", "SITEHEADER",
        "FOOTERTEXT", "SIDEBARTEXT", "NOSCRIPTTEXT", "BUTTONTEXT")) {
      assertFalse(x.text().contains(gone), gone + " should be removed from:\n" + x.text());
    }
  }

  @Test
  void keepsTheArticleAsBlankLineSeparatedBlocks() {
    HtmlExtractor.Extracted x = extractor.extract(PAGE);
    assertTrue(x.text().startsWith("Why We Stand With Ukraine\n\nThe invasion must end. Workers in Kyiv keep the metro "
        + "running.\n\nSecond paragraph with bold and linked words.\n\nWhat Comes Next\n\nThird paragraph."), x.text());
    assertEquals("Solidarity Page", x.title());
  }

  @Test
  void headingsBecomeTitleRegions() {
    HtmlExtractor.Extracted x = extractor.extract(PAGE);
    List<String> titles = x.regions().stream().filter(r -> r.kind() == UnitKind.TITLE).map(r -> of(x, r.span()))
        .toList();
    assertEquals(List.of("Why We Stand With Ukraine", "What Comes Next"), titles);
  }

  @Test
  void commentsBecomeCommentRegionsWithAuthorDateAndBylineFurniture() {
    HtmlExtractor.Extracted x = extractor.extract(PAGE);
    List<Region> comments = x.regions().stream().filter(r -> r.kind() == UnitKind.COMMENT).toList();
    assertEquals(2, comments.size(), x.regions().toString());
    Region first = comments.get(0);
    assertEquals("A", first.author());
    assertEquals("May 1, 2023", first.date());
    assertEquals("text", of(x, first.span()));
    Region second = comments.get(1);
    assertEquals("Boris", second.author());
    assertEquals("May 2, 2023", second.date());
    assertEquals("I disagree with this article entirely.\n\nAnd a second paragraph.", of(x, second.span()));
    assertEquals(List.of("A", "May 1, 2023", "Boris", "May 2, 2023"),
        x.furniture().stream().map(s -> of(x, s)).toList());
  }

  @Test
  void regionsAndFurnitureLieInsideTheText() {
    HtmlExtractor.Extracted x = extractor.extract(PAGE);
    for (Region r : x.regions()) {
      assertTrue(r.span().end() <= x.text().length() && r.span().length() > 0, r.toString());
      assertEquals(r.span(), r.span().trim(x.text()), r.toString());
    }
    for (Span f : x.furniture()) {
      assertTrue(f.end() <= x.text().length() && f.length() > 0, f.toString());
    }
  }

  @Test
  void segmentsIntoTitlesParagraphsAndAttributedComments() {
    HtmlExtractor.Extracted x = extractor.extract(PAGE);
    List<Unit> units = new Segmenter().segment(x.text(), x.regions(), x.furniture(), false);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.PARAGRAPH, UnitKind.PARAGRAPH, UnitKind.TITLE, UnitKind.PARAGRAPH,
        UnitKind.COMMENT, UnitKind.COMMENT), units.stream().map(Unit::kind).toList());
    assertEquals("A", units.get(5).author());
    assertEquals("Boris", units.get(6).author());
    assertEquals("May 2, 2023", units.get(6).date());
    for (Unit u : units) {
      for (Span f : x.furniture()) {
        assertFalse(u.span().contains(f), "byline " + of(x, f) + " inside unit " + u.id());
      }
    }
  }

  @Test
  void malformedHtmlStillGivesItsText() {
    HtmlExtractor.Extracted x = extractor.extract(
        "<html><body><div><p>Unclosed paragraph one<p>Unclosed two <b>bold <i>italic</div><h2>Heading<p>after");
    assertTrue(x.text().contains("Unclosed paragraph one"), x.text());
    assertTrue(x.text().contains("Unclosed two bold italic"), x.text());
    assertTrue(x.text().contains("Heading"), x.text());
    assertTrue(x.text().contains("after"), x.text());
    assertFalse(x.text().contains("<"), x.text());
  }

  @Test
  void fragmentsWithoutHtmlOrBodyWork() {
    HtmlExtractor.Extracted x = extractor.extract("<p>Just a fragment &amp; an entity.</p>");
    assertEquals("Just a fragment & an entity.", x.text());
    assertNull(x.title());
  }

  @Test
  void lineBreaksInsideParagraphsAreKept() {
    HtmlExtractor.Extracted x = extractor.extract("<p>Roses are red,<br>violets are blue.</p>");
    assertEquals("Roses are red,\nviolets are blue.", x.text());
  }

  @Test
  void scriptOnlyPageGivesEmptyText() {
    HtmlExtractor.Extracted x = extractor.extract(
        "<html><head><script>document.write('hi')</script></head><body><script>var a = 1;</script>"
            + "<style>p { }</style></body></html>");
    assertEquals("", x.text());
    assertEquals(List.of(), x.regions());
    assertEquals(List.of(), x.furniture());
  }

  @Test
  void titleFallsBackToTheFirstH1() {
    HtmlExtractor.Extracted x = extractor.extract("<html><body><h1>Heading Title</h1><p>Body text.</p></body></html>");
    assertEquals("Heading Title", x.title());
  }
}

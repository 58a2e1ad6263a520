package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.stancemap.ask.question.Synonyms;
import org.stancemap.json.Json;
import org.stancemap.store.Store;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * End-to-end tests in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * {@code .ci/run}) driven by Selenium through the system chromedriver. Each page is screenshotted into
 * {@code target/screenshots/}; with {@code -Dstancemap.screenshots=docs} into {@code docs/screenshots/}, the copies
 * the README shows (so that a plain test run leaves the checkout unchanged).
 */
class BrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static Workbenches.Running srv;
  static ChromeDriver driver;
  static Path profile;
  static Path downloads;

  @BeforeAll
  static void start() throws IOException {
    if ("true".equals(System.getenv("CI")) && !(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER))) {
      throw new IllegalStateException("under CI the browser tests must run, but " + CHROMIUM + " or " + DRIVER
          + " is missing: .ci/run installs Debian's chromium and chromium-driver");
    }
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "end-to-end browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, "
            + "/usr/bin/chromedriver); .ci/run installs them");
    srv = Workbenches.server();
    profile = Files.createTempDirectory("stancemap-chromium");
    downloads = Files.createTempDirectory("stancemap-downloads");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
    // downloads (the dashboards' PNG, SVG and CSV) land in a folder of their own, without asking
    o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false, "profile.default_content_setting_values.automatic_downloads", 1));
    // the console, where Chromium reports Content-Security-Policy violations
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  private static void open(String path) {
    driver.get(srv.base() + path);
    ready();
  }

  private static void ready() {
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "true".equals(
        ((JavascriptExecutor) d).executeScript("return document.body && document.body.getAttribute('data-ready')")));
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static void screenshot(String name) throws IOException {
    File f = driver.getScreenshotAs(OutputType.FILE);
    Path dir = "docs".equals(System.getProperty("stancemap.screenshots"))
        ? Workbenches.ROOT.resolve("docs/screenshots")
        : Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.copy(f.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void assertNothingRan() {
    assertEquals(null, js("return window.__pwned === undefined ? null : String(window.__pwned)"));
    // the page sets the title to "Stancemap · " + the (escaped) document title; a script would have set 'pwned'
    assertTrue(String.valueOf(js("return document.title")).startsWith("Stancemap"));
  }

  @Test
  void corpusPageListsDocumentsWithBadgesAndFilters() throws IOException {
    open("/");
    List<WebElement> items = driver.findElements(By.cssSelector("#corpus-list article.item"));
    assertFalse(items.isEmpty());
    assertTrue(driver.findElement(By.id("corpus-total")).getText().startsWith(srv.ids().size() + " "));
    assertFalse(driver.findElements(By.cssSelector("#corpus-list .badge")).isEmpty());
    screenshot("corpus");
    new Select(driver.findElement(By.name("source"))).selectByValue("Red Review");
    driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
    ready();
    for (WebElement i : driver.findElements(By.cssSelector("#corpus-list article.item .meta"))) {
      if (!i.getText().startsWith("Narratives")) {
        assertTrue(i.getText().contains("Red Review"), i.getText());
      }
    }
    assertNothingRan();
  }

  @Test
  void documentPageHighlightsEvidenceAndQuotesScrollToIt() throws IOException {
    open("/doc/" + srv.ids().get("campist-essay.md"));
    List<WebElement> ev = driver.findElements(By.cssSelector("#doc-text .ev"));
    assertFalse(ev.isEmpty(), "evidence sentences are highlighted");
    String bg = ev.get(0).getCssValue("background-color");
    assertNotEquals("rgba(0, 0, 0, 0)", bg);
    new Actions(driver).moveToElement(ev.get(0)).perform();
    WebElement tip = new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector(".tip")));
    assertTrue(tip.getText().contains("score"), tip.getText());
    screenshot("document");
    // the page shows whose claims these are: the voices list and every position's probability
    assertFalse(driver.findElements(By.cssSelector("#voices li")).isEmpty(), "the voices section lists something");
    assertFalse(driver.findElements(By.cssSelector("#position-scores li")).isEmpty(), "position scores are shown");
    WebElement q = driver.findElement(By.cssSelector("#side .quote"));
    String target = "s-" + q.getAttribute("data-start") + "-" + q.getAttribute("data-end");
    q.click();
    assertTrue(driver.findElement(By.id(target)).getAttribute("class").contains("flash"));
  }

  /** The sentences the document page should highlight: those its reported labels scoring {@code min} cite. */
  private static Map<String, List<String>> cited(long id, double min) {
    Json.Obj a = new Http(srv.base()).get("/api/documents/" + id).json().get("analysis").asObj("analysis");
    Map<String, List<String>> out = new TreeMap<>();
    BiConsumer<String, Json> add = (key, label) -> {
      if (label.asObj("l").get("score").asDouble("score") >= min) {
        for (Json e : label.asObj("l").get("evidence").asList("evidence")) {
          out.computeIfAbsent("s-" + e.asObj("e").get("start").asLong("start") + "-" + e.asObj("e").get("end")
              .asLong("end"), k -> new ArrayList<>()).add(key);
        }
      }
    };
    a.get("stance").asObj("stance").fields().forEach((t, s) -> {
      String label = s.asObj("s").get("label").asString("label");
      if (!label.equals("none")) {
        add.accept("stance:" + t, s);
      }
    });
    for (String kind : List.of("narrative", "technique")) {
      for (Json n : a.get(kind + "s").asList(kind)) {
        add.accept(kind + ":" + n.asObj("n").get("id").asString("id"), n);
      }
    }
    for (Json r : a.get("roles").asList("roles")) {
      add.accept("role:" + r.asObj("r").get("actor").asString("a") + ":" + r.asObj("r").get("role").asString("r"), r);
    }
    out.values().forEach(Collections::sort);
    return out;
  }

  /** The highlighted sentences of the page shown: id -> the label keys it shows, sorted. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> highlighted() {
    Map<String, Object> m = (Map<String, Object>) js("const o = {}; for (const e of document.querySelectorAll("
        + "'#doc-text .ev')) o[e.id] = e.getAttribute('data-labels').split(' ').sort(); return o;");
    Map<String, List<String>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, list(v).stream().map(String::valueOf).toList()));
    return out;
  }

  @Test
  void documentPageHighlightsCitedEvidenceWithALegendAndFilters() throws IOException {
    // #20, point 12: the page coloured every sentence of every labelled unit by its first label only, a list of
    // signatories included, and had no legend
    long id = srv.ids().get("solidarity-statement.txt");
    open("/doc/" + id);
    Map<String, List<String>> expected = cited(id, 0.5);
    assertEquals(expected, highlighted(), "exactly the cited evidence of the labels scoring at least 0.5, all labels");
    String signatories = String.valueOf(js("return [...document.querySelectorAll('#doc-text [id^=s-]')]"
        + ".find(e => e.textContent.startsWith('Signatories')).id"));
    assertFalse(driver.findElement(By.id(signatories)).getAttribute("class").contains("ev"),
        "the list of signatories is no evidence the page cites");
    assertEquals(null, driver.findElement(By.id(signatories)).getAttribute("tabindex"));

    // the legend: one entry per kind, its swatch in the colour of that kind's highlights
    WebElement legend = driver.findElement(By.id("legend"));
    for (String kind : List.of("favor", "against", "narrative", "technique", "role")) {
      WebElement swatch = legend.findElement(By.cssSelector(".kinds .swatch.k-" + kind));
      List<WebElement> single = driver.findElements(By.cssSelector("#doc-text .ev.k-" + kind + ":not(.multi)"));
      if (!single.isEmpty()) {
        assertEquals(swatch.getCssValue("background-color"), single.getFirst().getCssValue("background-color"), kind);
      }
    }
    assertNotEquals(legend.findElement(By.cssSelector(".swatch.k-favor")).getCssValue("background-color"),
        legend.findElement(By.cssSelector(".swatch.k-narrative")).getCssValue("background-color"));
    long narratives = expected.values().stream().filter(l -> l.stream().anyMatch(k -> k.startsWith("narrative:")))
        .count();
    assertEquals(String.valueOf(narratives), driver.findElement(By.id("count-narrative")).getText());

    // a sentence with several kinds shows a band for each, and its tooltip lists every label
    WebElement multi = driver.findElement(By.cssSelector("#doc-text .ev.multi"));
    List<String> keys = expected.get(multi.getAttribute("id"));
    assertTrue(multi.getCssValue("background-image").startsWith("linear-gradient"),
        multi.getCssValue("background-image"));
    new Actions(driver).moveToElement(multi).perform();
    WebElement tip = new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector(".tip")));
    assertEquals(keys.size(), tip.findElements(By.cssSelector("div")).stream()
        .filter(l -> l.getText().contains("score")).count(), tip.getText());
    assertTrue(driver.findElement(By.id(multi.getAttribute("aria-describedby"))).getAttribute("textContent")
        .contains("score"));
    screenshot("document-legend");

    // the reader picks what is highlighted: a kind, one label, a higher minimum score
    legend.findElement(By.cssSelector("input[data-kind=role]")).click();
    assertEquals(withOut(expected, k -> k.startsWith("role:")), highlighted());
    assertEquals("0", driver.findElement(By.id("count-role")).getText());
    legend.findElement(By.cssSelector("input[data-kind=role]")).click();
    assertEquals(expected, highlighted());
    String narrative = expected.values().stream().flatMap(List::stream).filter(k -> k.startsWith("narrative:"))
        .findFirst().orElseThrow();
    driver.findElement(By.cssSelector("#label-filter summary")).click();
    legend.findElement(By.cssSelector("input[data-key='" + narrative + "']")).click();
    assertEquals(withOut(expected, narrative::equals), highlighted());
    legend.findElement(By.cssSelector("input[data-key='" + narrative + "']")).click();
    new Select(driver.findElement(By.id("min-score"))).selectByValue("0.9");
    assertEquals(cited(id, 0.9), highlighted());
    assertTrue(cited(id, 0.9).size() < expected.size());
    new Select(driver.findElement(By.id("min-score"))).selectByValue("0.5");
    assertEquals(expected, highlighted());
  }

  private static Map<String, List<String>> withOut(Map<String, List<String>> m,
      Predicate<String> drop) {
    Map<String, List<String>> out = new TreeMap<>();
    m.forEach((k, v) -> {
      List<String> kept = v.stream().filter(drop.negate()).toList();
      if (!kept.isEmpty()) {
        out.put(k, kept);
      }
    });
    return out;
  }

  /** Presses Tab until the focused element matches {@code css}; fails after {@code max} presses. */
  private static WebElement tabTo(String css, int max) {
    for (int i = 0; i < max; i++) {
      new Actions(driver).sendKeys(Keys.TAB).perform();
      if (Boolean.TRUE.equals(js("return document.activeElement.matches(\"" + css + "\")"))) {
        return driver.switchTo().activeElement();
      }
    }
    throw new AssertionError("Tab never reached " + css + " in " + max + " presses");
  }

  @Test
  void documentPageWorksWithTheKeyboard() throws IOException {
    // #20, point 19: quotes and highlighted sentences could be reached, and their tooltips shown, only with a mouse
    open("/doc/" + srv.ids().get("campist-essay.md"));
    js("document.activeElement.blur()");
    WebElement sentence = tabTo("#doc-text .ev", 80);
    WebElement tip = new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector(".tip")));
    assertTrue(tip.getText().contains("score"), tip.getText());
    assertEquals(sentence.getAttribute("aria-describedby"), "d-" + sentence.getAttribute("id").substring(2));
    new Actions(driver).sendKeys(Keys.ESCAPE).perform();
    assertTrue(driver.findElements(By.cssSelector(".tip")).isEmpty(), "Escape closes the tooltip");
    // the side panel scrolls on its own and takes focus; its quotes are links
    WebElement side = tabTo("#side", 200);
    assertEquals("0", side.getAttribute("tabindex"));
    WebElement q = tabTo("#side .quote", 40);
    assertEquals("a", q.getTagName());
    String target = "s-" + q.getAttribute("data-start") + "-" + q.getAttribute("data-end");
    new Actions(driver).sendKeys(Keys.ENTER).perform();
    assertTrue(driver.findElement(By.id(target)).getAttribute("class").contains("flash"));
    assertEquals(target, js("return document.activeElement.id"), "Enter on a quote moves the focus to its sentence");
    assertEquals("#" + target, js("return location.hash"));
  }

  // ---- accessibility: axe-core on every page ----------------------------------------------------------------

  /**
   * axe-core's script, read from its WebJar ({@code org.webjars.npm:axe-core}, a test dependency) on the class
   * path: nothing is downloaded.
   */
  static String axeScript() throws IOException {
    String meta = "/META-INF/maven/org.webjars.npm/axe-core/pom.properties";
    Properties p = new Properties();
    try (var in = BrowserTest.class.getResourceAsStream(meta)) {
      assertTrue(in != null, meta + " is on the test class path");
      p.load(in);
    }
    String js = "/META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js";
    try (var in = BrowserTest.class.getResourceAsStream(js)) {
      assertTrue(in != null, js + " is on the test class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs axe-core (every rule it enables by default: WCAG 2.0–2.1 A and AA, and its best practices) over the page
   * shown and returns each violation as "rule (impact): the elements' selectors".
   */
  @SuppressWarnings("unchecked")
  static List<String> axeViolations() throws IOException {
    if (!Boolean.TRUE.equals(js("return typeof axe === 'object'"))) {
      js(axeScript());
    }
    Object r = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + " axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => v.id + ' ('"
        + " + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))), e => done(['axe failed: ' + e]));");
    return ((List<Object>) r).stream().map(String::valueOf).toList();
  }

  @Test
  void noPageHasAnAccessibilityViolation() throws IOException {
    // #20, point 19: axe-core found an unlabelled file input, a scrollable panel without keyboard access, colour
    // contrast under 4.5:1 and a heading jump; every page the workbench serves is checked, with the test corpus
    Map<String, List<String>> pages = new LinkedHashMap<>();
    pages.put("corpus", List.of("/", "/?source=Red+Review", "/?q=NATO"));
    pages.put("document", srv.ids().values().stream().map(i -> "/doc/" + i).toList());
    pages.put("analyze", List.of("/analyze"));
    pages.put("ask", List.of("/ask"));
    pages.put("review", List.of("/review?doc=" + srv.ids().get("third-camp.txt")));
    pages.put("dashboards", List.of("/dashboards"));
    pages.put("codebook", List.of("/codebook"));
    assertEquals(new TreeSet<>(WebServer.PAGES), new TreeSet<>(pages.keySet()), "every page is checked");
    Map<String, List<String>> found = new LinkedHashMap<>();
    for (List<String> paths : pages.values()) {
      for (String path : paths) {
        if (path.equals("/dashboards")) {
          openDashboards(srv.base());
        } else {
          open(path);
        }
        List<String> v = axeViolations();
        if (!v.isEmpty()) {
          found.put(path, v);
        }
      }
    }
    assertTrue(found.isEmpty(), "axe-core violations: " + found);
    // the states a reader reaches: an answer with its citations, a tooltip shown, a legend with a filter opened
    open("/ask");
    driver.findElement(By.id("question")).sendKeys("What do campists say about NATO?");
    driver.findElement(By.id("ask-go")).click();
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElement(By.cssSelector("#citations li a.cite")));
    List<String> v = axeViolations();
    if (!v.isEmpty()) {
      found.put("/ask with an answer", v);
    }
    open("/doc/" + srv.ids().get("campist-essay.md"));
    driver.findElement(By.cssSelector("#label-filter summary")).click();
    new Actions(driver).moveToElement(driver.findElement(By.cssSelector("#doc-text .ev"))).perform();
    v = axeViolations();
    if (!v.isEmpty()) {
      found.put("/doc with a tooltip and the label filter open", v);
    }
    assertTrue(found.isEmpty(), "axe-core violations: " + found);
  }

  @Test
  void axeFindsWhatItShould() throws IOException {
    // the check above can fail: a page with an unlabelled input and grey text on grey is reported
    open("/analyze");
    js("const i = document.createElement('input'); i.type = 'file'; document.getElementById('main').append(i);"
        + " const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#999';"
        + " p.style.background = '#bbb'; document.getElementById('main').append(p);");
    List<String> v = axeViolations();
    assertTrue(v.stream().anyMatch(x -> x.startsWith("label (critical)")), v.toString());
    assertTrue(v.stream().anyMatch(x -> x.startsWith("color-contrast")), v.toString());
  }

  @Test
  void askAnswersAndCitationsOpenTheCitedSentence() throws IOException {
    open("/ask");
    driver.findElement(By.id("question")).sendKeys("What do campists say about NATO?");
    driver.findElement(By.id("ask-go")).click();
    WebElement first = new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(d -> d.findElement(By.cssSelector("#citations li a.cite")));
    String quote = first.getText();
    screenshot("ask");
    first.click();
    ready();
    assertTrue(driver.getCurrentUrl().contains("/doc/"));
    String hash = String.valueOf(js("return location.hash")).substring(1);
    WebElement sentence = driver.findElement(By.id(hash));
    assertEquals(quote, "“" + sentence.getText() + "”");
    assertTrue(sentence.getAttribute("class").contains("flash"));
  }

  @Test
  void retrainButtonShowsBeforeAndAfterAndActivatesTheNewModel() throws Exception {
    // a server of its own, so the reviews written here count alone
    try (RetrainTest.Fixture fx = RetrainTest.Fixture.create()) {
      List<String[]> units = fx.units();
      fx.reviewStances(units, 0, 16);
      driver.get(fx.base() + "/review?doc=" + units.get(0)[0]);
      ready();
      new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("active-model")).getText()
          .startsWith("Active model"));
      String activeBefore = driver.findElement(By.id("active-model")).getText();
      driver.findElement(By.id("retrain")).click();
      WebElement table = new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> d.findElement(
          By.id("retrain-table")));
      WebElement row = table.findElement(By.cssSelector("tr[data-dimension='stance:russia']"));
      assertTrue(row.getText().contains("%"), row.getText());
      assertFalse(driver.findElement(By.id("retrain-result")).getText().contains("null"),
          driver.findElement(By.id("retrain-result")).getText());
      js("document.getElementById('retrain-box').scrollIntoView()");
      screenshot("retrain");
      driver.findElement(By.id("activate-model")).click();
      new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("active-model")).getText()
          .equals(activeBefore) && d.findElement(By.id("active-model")).getText().contains("+data-"));
      assertNothingRan();
    }
  }

  @Test
  void codebookEditSavesANewVersionAndRetrainsWithIt() throws Exception {
    // a server of its own, so the edited codebook and the activated model stay there
    try (RetrainTest.Fixture fx = RetrainTest.Fixture.create()) {
      String id = Workbenches.CODEBOOK.narratives().getFirst().id();
      driver.get(fx.base() + "/codebook");
      ready();
      WebElement card = driver.findElement(By.id("label-" + id));
      card.findElement(By.cssSelector("button.edit-label")).click();
      WebElement ex = card.findElement(By.cssSelector("textarea[name=exemplars]"));
      ex.clear();
      ex.sendKeys("Too few.");
      card.findElement(By.cssSelector("form.label-edit button[type=submit]")).click();
      WebElement err = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(
          By.cssSelector("#label-" + id + " .edit-result .error")));
      assertTrue(err.getText().contains("at least " + org.stancemap.codebook.CodebookLoader.MIN_EXEMPLARS),
          err.getText());
      ex.clear();
      ex.sendKeys(String.join("\n", CodebookEditTest.NEW));
      card.findElement(By.cssSelector("form.label-edit button[type=submit]")).click();
      String version = CodebookEdits.bump(Workbenches.CODEBOOK.version());
      WebElement ok = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(
          By.cssSelector("#label-" + id + " .edit-result .ok")));
      assertTrue(ok.getText().contains("version " + version), ok.getText());
      card.findElement(By.cssSelector("button.retrain-codebook")).click();
      WebElement use = new WebDriverWait(driver, Duration.ofSeconds(240)).until(d -> d.findElement(
          By.cssSelector("#label-" + id + " button.activate-codebook-model")));
      String result = card.findElement(By.cssSelector(".retrain-result")).getText();
      assertTrue(result.contains("@" + version + "+"), result);
      use.click();
      new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> use.getText().contains("In use"));
      assertTrue(fx.http().get("/api/model").json().get("id").asString("id").contains("@" + version + "+"));
      assertNothingRan();

      // the page now shows the active, edited codebook; add a narrative to it (too few exemplars first)
      driver.get(fx.base() + "/codebook");
      ready();
      assertTrue(driver.findElement(By.tagName("h1")).getText().endsWith(version),
          driver.findElement(By.tagName("h1")).getText());
      assertTrue(driver.findElement(By.id("codebook-state")).getText().contains("active codebook"));
      driver.findElement(By.id("add-narrative")).click();
      WebElement form = driver.findElement(By.id("add-narrative-form"));
      form.findElement(By.name("id")).sendKeys(CodebookChangesTest.NEW_ID);
      form.findElement(By.name("name")).sendKeys("Grain <b>corridor</b> blackmail");
      form.findElement(By.name("definition")).sendKeys("Blaming hunger on Russia closing the grain corridor.");
      WebElement nex = form.findElement(By.name("exemplars"));
      nex.sendKeys(String.join("\n", CodebookChangesTest.NEW_EXEMPLARS.subList(0, 2)));
      form.findElement(By.cssSelector("button[type=submit]")).click();
      WebElement few = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(
          By.cssSelector("#add-narrative-form .edit-result .error")));
      assertTrue(few.getText().contains("at least " + org.stancemap.codebook.CodebookLoader.MIN_EXEMPLARS),
          few.getText());
      nex.clear();
      nex.sendKeys(String.join("\n", CodebookChangesTest.NEW_EXEMPLARS));
      form.findElement(By.cssSelector("button[type=submit]")).click();
      String next = CodebookEdits.bump(version);
      WebElement saved = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(
          By.cssSelector("#add-narrative-form .edit-result .ok")));
      assertTrue(saved.getText().contains("version " + next), saved.getText());
      js("document.getElementById('add-narrative-form').scrollIntoView()");
      screenshot("codebook-add");
      saved.findElement(By.cssSelector("a.open-version")).click();
      ready();
      WebElement added = driver.findElement(By.id("label-" + CodebookChangesTest.NEW_ID));
      assertTrue(added.getText().contains("Grain <b>corridor</b> blackmail"), added.getText());
      assertTrue(driver.findElement(By.id("codebook-state")).getText().contains("not active"));
      assertNothingRan();
    }
  }

  @Test
  void correctingALabelChangesAgreement() throws IOException {
    long id = srv.ids().get("third-camp.txt");
    open("/review?doc=" + id);
    WebElement reviewer = driver.findElement(By.id("reviewer"));
    reviewer.clear();
    reviewer.sendKeys("Grace");
    WebElement unit = driver.findElement(By.cssSelector(".review-unit"));
    Select position = new Select(unit.findElement(By.cssSelector("select[name=position]")));
    String ai = position.getFirstSelectedOption().getAttribute("value");
    // accept first (keyboard shortcut 'a' accepts every label of the focused unit) ...
    driver.findElement(By.tagName("body")).sendKeys("a");
    String row = "return (document.querySelector('#agreement tr[data-dimension=position]') || {}).textContent || ''";
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !String.valueOf(js(row)).isEmpty());
    String before = String.valueOf(js(row));
    // ... then correct the position
    String other = position.getOptions().stream().map(e -> e.getAttribute("value")).filter(v -> !v.equals(ai))
        .findFirst().orElseThrow();
    position.selectByValue(other);
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !String.valueOf(js(row)).equals(before)
        && !String.valueOf(js(row)).isEmpty());
    String after = String.valueOf(js(row));
    assertNotEquals(before, after);
    assertTrue(unit.getText().contains("✎ " + other), unit.getText());
    screenshot("review");
  }

  @Test
  void reviewShortcutsDoNotFireWhileADropdownHasFocus() throws IOException {
    // #20, point 18: "a" in a focused dropdown selects an option by its first letter; it must not also accept every
    // label of the unit, so that the store never holds a label the page does not show
    long id = srv.ids().get("solidarity-statement.txt");
    open("/review?doc=" + id);
    WebElement unit = driver.findElement(By.cssSelector(".review-unit"));
    assertFalse(unit.getText().contains("✓"), "nothing reviewed yet: " + unit.getText());
    WebElement select = unit.findElement(By.cssSelector("select[name=position]"));
    String shown = new Select(select).getFirstSelectedOption().getAttribute("value");
    select.sendKeys("a");
    new Actions(driver).pause(Duration.ofMillis(1500)).perform();
    assertFalse(unit.getText().contains("✓"), "no label was accepted by the shortcut: " + unit.getText());
    String now = new Select(select).getFirstSelectedOption().getAttribute("value");
    assertTrue(now.equals(shown) || unit.getText().contains("✎ " + now),
        "what the page shows is what is stored: " + now + " / " + unit.getText());
  }

  @Test
  void aDocumentReadThroughAGlossSaysSoAndShowsTheOriginal() throws IOException {
    // written for this test: a German union statement (solidarity with Ukraine's resistance)
    String german = "Unsere Gewerkschaft steht an der Seite der ukrainischen Arbeiterinnen und Arbeiter. Wir "
        + "verurteilen den russischen Angriffskrieg und fordern den sofortigen Abzug aller Truppen aus der Ukraine.\n";
    Workbenches.Running other = Workbenches.separate(Map.of("erklaerung.txt", german));
    try {
      driver.get(other.base() + "/doc/" + other.ids().get("erklaerung.txt"));
      ready();
      assertTrue(driver.findElement(By.id("gloss-note")).getText().contains("word-by-word English gloss"),
          "the document page says the labels come from a gloss");
      assertTrue(driver.findElement(By.id("doc-text")).getText().contains("russischen Angriffskrieg"),
          "the page shows the original text");
      for (WebElement ev : driver.findElements(By.cssSelector("#doc-text .ev"))) {
        assertTrue(german.contains(ev.getText().strip()), "highlighted evidence is the original's: " + ev.getText());
      }
      assertNothingRan();
    } finally {
      other.server().close();
      other.index().close();
    }
  }

  @Test
  void hostileDocumentRunsNothing() throws IOException {
    long id = srv.ids().get("hostile");
    open("/doc/" + id);
    assertNothingRan();
    assertTrue(driver.findElement(By.id("doc-title")).getText().contains("<script>"));
    assertTrue(driver.findElement(By.id("doc-text")).getText().contains("onerror=\"window.__pwned=2\""));
    assertEquals(0L, js("return document.querySelectorAll('#main script, #main img, #main svg, #main iframe').length"));
    assertEquals(1L, js("return document.scripts.length"));
    for (WebElement a : driver.findElements(By.cssSelector("a[href]"))) {
      assertFalse(a.getAttribute("href").toLowerCase(Locale.ROOT).startsWith("javascript:"),
          a.getAttribute("href"));
    }
    for (WebElement ev : driver.findElements(By.cssSelector("#doc-text .ev"))) {
      new Actions(driver).moveToElement(ev).perform();
    }
    screenshot("hostile-document");
    open("/?q=NATO");
    open("/");
    assertNothingRan();
    open("/review?doc=" + id);
    assertNothingRan();
  }

  @Test
  void analyzeAndCodebookPages() throws IOException {
    open("/analyze");
    driver.findElement(By.id("paste-text")).sendKeys("Washington's proxy war uses Ukrainians as cannon fodder, "
        + "and NATO provoked Russia by expanding eastward.");
    screenshot("analyze");
    driver.findElement(By.id("paste-go")).click();
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("/doc/"));
    ready();
    assertFalse(driver.findElements(By.cssSelector("#doc-text .unit")).isEmpty());
    open("/codebook");
    assertFalse(driver.findElements(By.cssSelector(".label-card")).isEmpty());
    screenshot("codebook");
    assertNothingRan();
  }

  // ---- dashboards (Apache ECharts) ---------------------------------------------------------------------------

  static final String[] CHARTS = {"narratives-over-time", "positions-by-source", "stance-over-time",
      "narrative-cooccurrence"};

  /** Opens the dashboards and waits until ECharts has finished drawing each chart. */
  private static void openDashboards(String base) {
    driver.get(base + "/dashboards");
    ready();
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js(
        "return [...document.querySelectorAll('section.chart')].every(b => b.classList.contains('empty')"
            + " || b.getAttribute('data-drawn') === 'true')")));
  }

  /** The dashboard's rows as the API gives them: strings and longs. */
  private static List<List<Object>> apiRows(String name) {
    List<List<Object>> out = new ArrayList<>();
    for (Json r : new Http(srv.base()).get("/api/dashboards/" + name).json().get("rows").asList("rows")) {
      out.add(r.asList("row").stream().map(c -> c instanceof Json.Int i ? (Object) i.value() : c.asString("c"))
          .toList());
    }
    return out;
  }

  /** What the ECharts instance of a chart holds, read through ECharts' own API. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> chartOption(String name) {
    return (Map<String, Object>) js("const p = document.querySelector('#chart-" + name + " .plot');"
        + " const c = p && echarts.getInstanceByDom(p); if (!c) return null; const o = c.getOption();"
        + " return {renderer: c.getZr().painter.getType(), tooltip: o.tooltip[0].renderMode,"
        + " width: c.getWidth(), plotWidth: c.getDom().clientWidth,"
        + " x: o.xAxis[0].data || null, y: o.yAxis[0].data || null,"
        + " series: o.series.map(s => ({type: s.type, id: s.id, name: s.name, data: s.data}))};");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> series(Map<String, Object> option) {
    return (List<Map<String, Object>>) option.get("series");
  }

  private static List<String> names(Map<String, Object> option) {
    return series(option).stream().map(x -> (String) x.get("name")).toList();
  }

  /** The series' ids: the label ids (names are what the legend shows). */
  private static List<String> ids(Map<String, Object> option) {
    return series(option).stream().map(x -> (String) x.get("id")).toList();
  }

  /** The buckets of a time chart's axis, as the API chose them. */
  private static List<String> periods(String base, String name) {
    return new Http(base).get("/api/dashboards/" + name).json().get("periods").asList("periods").stream()
        .map(p -> p.asString("p")).toList();
  }

  /** A narrative's name in the codebook, cut as the heat map's axes cut it. */
  private static String axisName(String id) {
    String n = Workbenches.CODEBOOK.narratives().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow()
        .name();
    return n.length() <= 28 ? n : n.substring(0, 27).stripTrailing() + "…";
  }

  private static String narrativeName(String id) {
    return Workbenches.CODEBOOK.narratives().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow().name();
  }

  private static long number(Object o) {
    return ((Number) o).longValue();
  }

  /** Each row's count is at its place in the chart's series, and the series add up to the rows' total. */
  private static void assertSeriesHold(Map<String, Object> option, List<List<Object>> rows, List<String> keys,
      List<String> categories, Function<List<Object>, String> keyOf,
      Function<List<Object>, String> categoryOf) {
    assertEquals(keys, ids(option));
    long total = 0;
    for (Map<String, Object> x : series(option)) {
      assertEquals(categories.size(), list(x.get("data")).size(), x.get("name") + ": one point per category");
      total += list(x.get("data")).stream().mapToLong(BrowserTest::number).sum();
    }
    for (List<Object> r : rows) {
      List<Object> data = list(series(option).get(keys.indexOf(keyOf.apply(r))).get("data"));
      assertEquals(number(r.get(r.size() - 1)), number(data.get(categories.indexOf(categoryOf.apply(r)))), r.toString());
    }
    assertEquals(rows.stream().mapToLong(r -> number(r.get(r.size() - 1))).sum(), total);
  }

  private static List<LogEntry> consoleEntries() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  /** Clicks a download control and returns the file it saved (then removes it, so a next download keeps its name). */
  private static byte[] download(String chart, String kind) throws IOException {
    Path file = downloads.resolve(chart + "." + kind);
    Files.deleteIfExists(file);
    driver.findElement(By.cssSelector("#chart-" + chart + " [data-export=" + kind + "]")).click();
    // Chromium may create the file before it has written it: wait until it is non-empty, no partial download is
    // left in the folder and its size has stopped changing
    long[] last = {-1};
    new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(150)).until(d -> {
      try {
        if (!Files.isRegularFile(file) || hasPartialDownload()) {
          return false;
        }
        long size = Files.size(file);
        boolean stable = size > 0 && size == last[0];
        last[0] = size;
        return stable;
      } catch (IOException e) {
        return false;
      }
    });
    byte[] b = Files.readAllBytes(file);
    Files.delete(file);
    return b;
  }

  private static boolean hasPartialDownload() throws IOException {
    try (var files = Files.list(downloads)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
    }
  }

  private static org.w3c.dom.Document xml(byte[] b) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(b));
  }

  private static List<String> texts(org.w3c.dom.Document svg) {
    NodeList ts = svg.getElementsByTagNameNS("*", "text");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ts.getLength(); i++) {
      out.add(ts.item(i).getTextContent());
    }
    return out;
  }

  @Test
  void dashboardsAreDrawnByEChartsFromTheApiData() throws Exception {
    consoleEntries(); // what earlier pages logged
    openDashboards(srv.base());
    assertEquals(WebServer.ECHARTS_VERSION, js("return echarts.version"));
    for (String name : CHARTS) {
      Map<String, Object> o = chartOption(name);
      assertTrue(o != null, name + " is an ECharts chart");
      assertEquals("canvas", o.get("renderer"), name);
      assertEquals("richText", o.get("tooltip"), name + ": tooltips never build HTML");
      assertFalse(apiRows(name).isEmpty(), name + " has data in the test corpus");
    }

    List<List<Object>> narratives = apiRows("narratives-over-time");
    Map<String, Object> o = chartOption("narratives-over-time");
    // the test corpus is dated month by month over half a year: months, every one of them
    List<String> months = periods(srv.base(), "narratives-over-time");
    assertEquals(List.of("2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"), months);
    assertEquals(months, o.get("x"));
    List<String> narrativeIds = List.copyOf(new TreeSet<>(narratives.stream().map(r -> (String) r.get(1)).toList()));
    assertSeriesHold(o, narratives, narrativeIds, months, r -> (String) r.get(1), r -> (String) r.get(0));
    assertEquals(narrativeIds.stream().map(BrowserTest::narrativeName).toList(), names(o),
        "the legend names narratives as the codebook does");
    assertTrue(series(o).stream().allMatch(x -> "line".equals(x.get("type"))));

    List<List<Object>> positions = apiRows("positions-by-source");
    o = chartOption("positions-by-source");
    List<String> sources = List.copyOf(new LinkedHashSet<>(positions.stream().map(r -> (String) r.get(0)).toList()));
    assertEquals(sources, o.get("y"));
    assertSeriesHold(o, positions, List.copyOf(new TreeSet<>(positions.stream().map(r -> (String) r.get(1))
        .toList())), sources, r -> (String) r.get(1), r -> (String) r.get(0));
    assertTrue(series(o).stream().allMatch(x -> "bar".equals(x.get("type"))));

    List<List<Object>> stance = apiRows("stance-over-time");
    o = chartOption("stance-over-time");
    months = periods(srv.base(), "stance-over-time");
    assertEquals(months, o.get("x"));
    assertSeriesHold(o, stance, List.copyOf(new TreeSet<>(stance.stream().map(r -> r.get(1) + " " + r.get(2))
        .toList())), months, r -> r.get(1) + " " + r.get(2), r -> (String) r.get(0));

    List<List<Object>> pairs = apiRows("narrative-cooccurrence");
    o = chartOption("narrative-cooccurrence");
    List<String> ids = List.copyOf(new TreeSet<>(pairs.stream().flatMap(r -> Stream.of(
        (String) r.get(0), (String) r.get(1))).toList()));
    List<String> labels = ids.stream().map(BrowserTest::axisName).toList();
    assertEquals(labels, o.get("x"), "the heat map's axes show the narratives' names");
    assertEquals(labels, o.get("y"));
    assertEquals(1, series(o).size());
    assertEquals("heatmap", series(o).getFirst().get("type"));
    List<List<Long>> cells = list(series(o).getFirst().get("data")).stream()
        .map(c -> list(c).stream().map(BrowserTest::number).toList()).toList();
    assertEquals(2 * pairs.size(), cells.size(), "each pair in both cells");
    for (List<Object> r : pairs) {
      long a = ids.indexOf((String) r.get(0));
      long b = ids.indexOf((String) r.get(1));
      assertTrue(cells.contains(List.of(a, b, number(r.get(2)))) && cells.contains(List.of(b, a, number(r.get(2)))),
          r.toString());
    }

    // ECharts runs under the strict Content-Security-Policy: no eval, no inline style or script refused
    for (LogEntry e : consoleEntries()) {
      assertFalse(e.getMessage().contains("Content Security Policy") || e.getMessage().contains("unsafe-eval"),
          e.getMessage());
    }
    assertEquals(2L, js("return document.scripts.length"), "the chart library and app.js, nothing else");

    // the charts follow the page's width
    Dimension before = driver.manage().window().getSize();
    long wide = number(chartOption("stance-over-time").get("width"));
    try {
      driver.manage().window().setSize(new Dimension(820, before.getHeight()));
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
        Map<String, Object> c = chartOption("stance-over-time");
        return number(c.get("width")) < wide && number(c.get("width")) == number(c.get("plotWidth"));
      });
      driver.manage().window().setSize(new Dimension(before.getWidth(), 2400));
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> number(chartOption("stance-over-time")
          .get("width")) == wide);
      js("window.scrollTo(0, 0)");
      screenshot("dashboards");
    } finally {
      driver.manage().window().setSize(before);
    }

    // downloads: a PNG drawn by ECharts, an SVG from its SVG renderer, the data as CSV
    for (String name : CHARTS) {
      long width = number(chartOption(name).get("width"));
      byte[] png = download(name, "png");
      assertEquals(List.of(0x89, 0x50, 0x4e, 0x47), List.of(png[0] & 0xff, png[1] & 0xff, png[2] & 0xff, png[3] & 0xff),
          name + ": a PNG file");
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(2 * width, img.getWidth(), name + ": PNG at twice the chart's width (pixel ratio 2)");
      org.w3c.dom.Document svg = xml(download(name, "svg"));
      assertEquals("svg", svg.getDocumentElement().getLocalName(), name);
      assertEquals("http://www.w3.org/2000/svg", svg.getDocumentElement().getNamespaceURI(), name);
      assertTrue(svg.getElementsByTagNameNS("*", "path").getLength() > 0, name + ": the SVG has shapes");
      assertFalse(texts(svg).isEmpty(), name + ": the SVG has its labels");
      String csv = new String(download(name, "csv"), StandardCharsets.UTF_8);
      assertEquals(apiRows(name).size() + 1, csv.split("\r\n").length, name);
    }
    org.w3c.dom.Document svg = xml(download("narrative-cooccurrence", "svg"));
    assertTrue(texts(svg).containsAll(labels), "the heat map's SVG names every narrative: " + texts(svg));
    assertNothingRan();
  }

  @Test
  void hostileSourceNameInAChartAndItsTooltipRunsNothing() throws Exception {
    String hostile = Workbenches.HOSTILE_SOURCE;
    openDashboards(srv.base());
    Map<String, Object> o = chartOption("positions-by-source");
    List<Object> sources = list(o.get("y"));
    assertTrue(sources.contains(hostile), "the chart shows the source's name as it is: " + sources);
    // hover over the hostile source's bar: the axis tooltip shows its name
    String chart = "echarts.getInstanceByDom(document.querySelector('#chart-positions-by-source .plot'))";
    String tipTexts = "return " + chart + ".getZr().storage.getDisplayList(true).filter(e => e.style"
        + " && String(e.style.text || '').includes('Evil source')).length";
    long shown = number(js(tipTexts));
    @SuppressWarnings("unchecked")
    List<Object> at = (List<Object>) js("const c = " + chart + "; return [c.convertToPixel({xAxisIndex: 0}, 0) + 12,"
        + " c.convertToPixel({yAxisIndex: 0}, " + sources.indexOf(hostile) + ")];");
    WebElement plot = driver.findElement(By.cssSelector("#chart-positions-by-source .plot"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", plot);
    new Actions(driver).moveToElement(plot).pause(Duration.ofMillis(200)).moveToElement(plot, (int) (number(at.get(0)) - plot.getSize().getWidth() / 2),
        (int) (number(at.get(1)) - plot.getSize().getHeight() / 2)).pause(Duration.ofMillis(200)).moveByOffset(4, 0)
        .perform();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> number(js(tipTexts)) > shown);
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    assertNothingRan();
    assertEquals(0L, js("return document.querySelectorAll('#main b, [onmouseover], #main svg, #main script').length"));
    assertEquals("", js("return document.querySelector('#chart-positions-by-source .plot').textContent"),
        "the tooltip is drawn, not built from HTML");
    // the SVG file shows the name as text too
    org.w3c.dom.Document svg = xml(download("positions-by-source", "svg"));
    assertEquals(0, svg.getElementsByTagNameNS("*", "b").getLength());
    assertEquals(0, svg.getElementsByTagNameNS("*", "script").getLength());
    assertTrue(texts(svg).contains(hostile), texts(svg).toString());
    NodeList all = svg.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      for (int a = 0; a < e.getAttributes().getLength(); a++) {
        assertFalse(e.getAttributes().item(a).getNodeName().toLowerCase(Locale.ROOT).startsWith("on"),
            e.getTagName() + " " + e.getAttributes().item(a));
      }
    }
  }

  /** Where ECharts painted each axis label of a chart: [text, left, top, right, bottom] in the chart's pixels. */
  @SuppressWarnings("unchecked")
  private static List<List<Object>> axisLabelBoxes(String name) {
    return (List<List<Object>>) js("const c = echarts.getInstanceByDom(document.querySelector('#chart-" + name
        + " .plot')); const o = c.getOption(); const names = new Set([...(o.xAxis[0].data || []),"
        + " ...(o.yAxis[0].data || [])].map(String)); return c.getZr().storage.getDisplayList(true)"
        + ".filter(e => e.style && names.has(String(e.style.text))).map(e => { const r = e.getBoundingRect().clone();"
        + " if (e.transform) r.applyTransform(e.transform); return [String(e.style.text), r.x, r.y, r.x + r.width,"
        + " r.y + r.height]; });");
  }

  @Test
  void dashboardsChooseTheirPeriodFromTheDataAndSayWhatTheyLeaveOut() throws Exception {
    // #20, point 11: a document from 2015 and the rest from mid-2022 on drew 91 months, mostly empty, with spikes
    // at the edges; undated documents were left out without a word; the heat map showed ids
    Path dir = Files.createTempDirectory("stancemap-periods-test");
    String db = dir.resolve("corpus.db").toString();
    String text = Files.readString(Workbenches.ROOT.resolve("examples/third-camp.txt"));
    List<String> dates = new ArrayList<>(List.of("2015-10-05"));
    for (YearMonth m = YearMonth.of(2022, 6); !m.isAfter(YearMonth.of(2023, 4));
        m = m.plusMonths(1)) {
      dates.add(m + "-10");
    }
    dates.add(null);
    dates.add(null);
    try (Store store = Store.open(db)) {
      long run = store.beginRun("periods").id();
      for (int i = 0; i < dates.size(); i++) {
        String name = "copy-" + i + ".txt";
        org.stancemap.document.Document d = Workbenches.READER.document(name, (text + "\n\nCopy " + i + ".\n")
            .getBytes(StandardCharsets.UTF_8), "txt");
        Workbenches.importAndAnalyse(store, run, name, "Copies", d, org.stancemap.document.DocumentMeta.fromSource(
            "https://example.org/" + name, null, null, dates.get(i) == null ? null
            : Instant.parse(dates.get(i) + "T10:00:00Z"), null, null, null, Map.of()));
      }
      store.finishRun(run);
      Workbench wb = new Workbench(db, store, Workbenches.CODEBOOK, Workbenches.ANALYZER, Workbenches.EMBEDDING,
          null, Workbenches.READER, null, Synonyms.builtin(Workbenches.CODEBOOK));
      try (WebServer server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true))) {
        String base = "http://127.0.0.1:" + server.port();
        Http http = new Http(base);
        List<String> months = new ArrayList<>();
        for (int m = 6; m <= 16; m++) {
          months.add(YearMonth.of(2022, 1).plusMonths(m - 1).toString());
        }
        for (String chart : List.of("narratives-over-time", "stance-over-time")) {
          Json.Obj api = http.get("/api/dashboards/" + chart).json();
          assertEquals("month", api.get("period").asString("period"), chart);
          assertEquals(months, periods(base, chart), chart + ": the months where the documents are, not 2015-10 on");
          assertEquals(1, api.get("before").asLong("before"), chart);
          assertEquals(0, api.get("after").asLong("after"), chart);
          assertEquals(2, api.get("undated").asLong("undated"), chart);
          assertEquals("month", api.get("columns").asList("c").getFirst().asString("c"));
          // every month stays available in the CSV; quarters on request
          String all = http.get("/api/dashboards/" + chart + "?format=csv&period=month").body();
          assertTrue(all.contains("\r\n2015-10,"), all);
          String quarters = http.get("/api/dashboards/" + chart + "?format=csv&period=quarter").body();
          assertTrue(quarters.startsWith("quarter,") && quarters.contains("\r\n2015-Q4,"), quarters);
          assertEquals(400, http.get("/api/dashboards/" + chart + "?period=week").status());
        }
        openDashboards(base);
        for (String chart : List.of("narratives-over-time", "stance-over-time")) {
          assertEquals(months, chartOption(chart).get("x"), chart);
          WebElement box = driver.findElement(By.id("chart-" + chart));
          assertEquals("2", box.getAttribute("data-undated"));
          String notes = box.findElements(By.cssSelector(".chart-note")).stream().map(WebElement::getText).toList()
              .toString();
          assertTrue(notes.contains("2 undated document(s)"), notes);
          assertTrue(notes.contains("1 document(s) dated before 2022-06"), notes);
          assertTrue(box.findElement(By.tagName("h2")).getText().contains("documents per month"));
        }
        // the heat map names the narratives, cut short, and every axis label lies inside the chart
        Map<String, Object> heat = chartOption("narrative-cooccurrence");
        List<Object> labels = list(heat.get("x"));
        assertFalse(labels.isEmpty());
        for (Object l : labels) {
          assertTrue(Workbenches.CODEBOOK.narratives().stream().anyMatch(n -> axisName(n.id()).equals(l)), l + "");
          assertTrue(String.valueOf(l).length() <= 28, l + "");
        }
        long width = number(heat.get("width"));
        long height = number(js("return echarts.getInstanceByDom(document.querySelector("
            + "'#chart-narrative-cooccurrence .plot')).getHeight()"));
        List<List<Object>> boxes = axisLabelBoxes("narrative-cooccurrence");
        assertEquals(2 * labels.size(), boxes.size(), "each label once on each axis: " + boxes);
        for (List<Object> b : boxes) {
          assertTrue(((Number) b.get(1)).doubleValue() >= -0.5 && ((Number) b.get(2)).doubleValue() >= -0.5
              && ((Number) b.get(3)).doubleValue() <= width + 0.5 && ((Number) b.get(4)).doubleValue() <= height + 0.5,
              "label inside the " + width + "x" + height + " chart: " + b);
        }
        // the cell's tooltip gives both whole names
        String tip = String.valueOf(js("const c = echarts.getInstanceByDom(document.querySelector("
            + "'#chart-narrative-cooccurrence .plot')); return c.getOption().tooltip[0].formatter({value: [0, 1, 7]})"));
        assertTrue(tip.endsWith(": 7 document(s)") && tip.contains(" + "), tip);
        assertFalse(tip.contains("…"), tip);
        js("window.scrollTo(0, 0)");
        screenshot("dashboards-periods");
      }
    }
  }

  @Test
  void dashboardsWithoutDataSayNoData() throws Exception {
    Path dir = Files.createTempDirectory("stancemap-empty-test");
    String db = dir.resolve("corpus.db").toString();
    try (Store store = Store.open(db)) {
      Workbench wb = new Workbench(db, store, Workbenches.CODEBOOK, Workbenches.ANALYZER, Workbenches.EMBEDDING,
          null, Workbenches.READER, null, Synonyms.builtin(Workbenches.CODEBOOK));
      try (WebServer server = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true))) {
        openDashboards("http://127.0.0.1:" + server.port());
        for (String name : CHARTS) {
          WebElement box = driver.findElement(By.id("chart-" + name));
          assertTrue(box.getAttribute("class").contains("empty"), name);
          assertTrue(box.findElement(By.cssSelector(".no-data")).getText().startsWith("No data"), name);
          assertTrue(box.findElements(By.cssSelector(".plot, canvas, [data-export]")).isEmpty(), name);
        }
        assertEquals(null, chartOption("positions-by-source"));
        screenshot("dashboards-empty");
      }
    }
  }
}

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
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
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
  void hostileDocumentRunsNothing() throws IOException {
    long id = srv.ids().get("hostile");
    open("/doc/" + id);
    assertNothingRan();
    assertTrue(driver.findElement(By.id("doc-title")).getText().contains("<script>"));
    assertTrue(driver.findElement(By.id("doc-text")).getText().contains("onerror=\"window.__pwned=2\""));
    assertEquals(0L, js("return document.querySelectorAll('#main script, #main img, #main svg, #main iframe').length"));
    assertEquals(1L, js("return document.scripts.length"));
    for (WebElement a : driver.findElements(By.cssSelector("a[href]"))) {
      assertFalse(a.getAttribute("href").toLowerCase(java.util.Locale.ROOT).startsWith("javascript:"),
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
        + " series: o.series.map(s => ({type: s.type, name: s.name, data: s.data}))};");
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

  private static long number(Object o) {
    return ((Number) o).longValue();
  }

  /** Every month from the first to the last of the rows' first column, as the chart's axis has them. */
  private static List<String> months(List<List<Object>> rows) {
    TreeSet<YearMonth> ms = new TreeSet<>();
    rows.forEach(r -> ms.add(YearMonth.parse((String) r.get(0))));
    List<String> out = new ArrayList<>();
    for (YearMonth m = ms.first(); !m.isAfter(ms.last()); m = m.plusMonths(1)) {
      out.add(m.toString());
    }
    return out;
  }

  /** Each row's count is at its place in the chart's series, and the series add up to the rows' total. */
  private static void assertSeriesHold(Map<String, Object> option, List<List<Object>> rows, List<String> keys,
      List<String> categories, java.util.function.Function<List<Object>, String> keyOf,
      java.util.function.Function<List<Object>, String> categoryOf) {
    assertEquals(keys, names(option));
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
    List<String> months = months(narratives);
    assertEquals(months, o.get("x"));
    assertSeriesHold(o, narratives, List.copyOf(new TreeSet<>(narratives.stream().map(r -> (String) r.get(1))
        .toList())), months, r -> (String) r.get(1), r -> (String) r.get(0));
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
    months = months(stance);
    assertEquals(months, o.get("x"));
    assertSeriesHold(o, stance, List.copyOf(new TreeSet<>(stance.stream().map(r -> r.get(1) + " " + r.get(2))
        .toList())), months, r -> r.get(1) + " " + r.get(2), r -> (String) r.get(0));

    List<List<Object>> pairs = apiRows("narrative-cooccurrence");
    o = chartOption("narrative-cooccurrence");
    List<String> ids = List.copyOf(new TreeSet<>(pairs.stream().flatMap(r -> java.util.stream.Stream.of(
        (String) r.get(0), (String) r.get(1))).toList()));
    assertEquals(ids, o.get("x"));
    assertEquals(ids, o.get("y"));
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
    assertTrue(texts(svg).containsAll(ids), "the heat map's SVG names every narrative: " + texts(svg));
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
        assertFalse(e.getAttributes().item(a).getNodeName().toLowerCase(java.util.Locale.ROOT).startsWith("on"),
            e.getTagName() + " " + e.getAttributes().item(a));
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

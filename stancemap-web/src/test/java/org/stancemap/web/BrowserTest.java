package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "end-to-end browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, "
            + "/usr/bin/chromedriver); .ci/run installs them");
    srv = Workbenches.server();
    profile = Files.createTempDirectory("stancemap-chromium");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
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
  void analyzeDashboardsAndCodebookPages() throws IOException {
    open("/analyze");
    driver.findElement(By.id("paste-text")).sendKeys("Washington's proxy war uses Ukrainians as cannon fodder, "
        + "and NATO provoked Russia by expanding eastward.");
    screenshot("analyze");
    driver.findElement(By.id("paste-go")).click();
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("/doc/"));
    ready();
    assertFalse(driver.findElements(By.cssSelector("#doc-text .unit")).isEmpty());
    open("/dashboards");
    assertTrue(driver.findElements(By.cssSelector(".chart svg")).size() >= 3);
    screenshot("dashboards");
    open("/codebook");
    assertFalse(driver.findElements(By.cssSelector(".label-card")).isEmpty());
    screenshot("codebook");
    assertNothingRan();
  }
}

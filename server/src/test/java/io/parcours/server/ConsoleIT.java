package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.engine.runtime.UserDirectory;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real Chromium against the real server: each role signs in and sees its own tabs;
 * an administrator opens every tab and view without a script error; a channel user decides for a
 * customer and reads the decision's explanation; a business user uploads a rule file that does not
 * compile and is taken to the line at fault; a data scientist opens a model and sees its
 * calibration chart. Waits have a generous ceiling for a loaded machine and assert nothing about
 * time.
 */
@ExtendWith({Chromium.class, ParcoursPostgres.class, ArquillianExtension.class})
class ConsoleIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static WebDriver browser;

  /**
   * On a failure, the page as the browser showed it: a screenshot and its HTML in
   * target/console-it.
   */
  @RegisterExtension
  static final TestWatcher PAGE_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (browser == null) {
            return;
          }
          String name =
              (context.getRequiredTestMethod().getName() + "-" + context.getDisplayName())
                  .replaceAll("[^A-Za-z0-9]+", "-")
                  .replaceAll("-+$", "");
          try {
            Path dir = Files.createDirectories(Path.of("target", "console-it"));
            Files.write(
                dir.resolve(name + ".png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            Files.writeString(
                dir.resolve(name + ".html"), browser.getPageSource(), StandardCharsets.UTF_8);
          } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
          }
        }
      };

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  @BeforeAll
  static void openBrowser() {
    browser = Chromium.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  static Stream<Arguments> rolesAndTheirTabs() {
    return Stream.of(
        Arguments.of("channel", List.of("Decide", "Explain", "Journeys", "Actions")),
        Arguments.of("business", List.of("Rules", "Journeys", "Actions")),
        Arguments.of("scientist", List.of("Models", "Rules", "Journeys", "Actions")),
        Arguments.of("compliance", List.of("Explain", "Rules", "Journeys", "Actions")),
        Arguments.of("approver", List.of("Rules", "Journeys", "Actions")),
        Arguments.of(
            "admin",
            List.of("Decide", "Explain", "Models", "Rules", "Journeys", "Actions", "Users")));
  }

  @ParameterizedTest(name = "{0} sees {1}")
  @MethodSource("rolesAndTheirTabs")
  void eachRoleSignsInAndSeesItsOwnTabs(String role, List<String> tabs) {
    signIn(role);
    assertEquals(
        tabs,
        browser.findElements(By.cssSelector("#tabs [role=tab]")).stream()
            .filter(WebElement::isDisplayed)
            .map(WebElement::getText)
            .toList());
    assertEquals(role, text("user-name"));
    assertEquals("Role: " + role, text("user-role"));
    WebElement selected =
        browser.findElement(By.cssSelector("#tabs [role=tab][aria-selected=true]"));
    assertTrue(
        tabs.contains(selected.getText()),
        "the selected tab is one of the role's: " + selected.getText());
    assertTrue(
        browser.findElement(By.id(selected.getAttribute("aria-controls"))).isDisplayed(),
        "the selected tab's panel is shown");
  }

  /**
   * Every tab, and the views inside them, open without an error in the page's console: a module
   * that does not load, a name a module forgot to import, an exception thrown while rendering.
   */
  @Test
  void anAdministratorOpensEveryViewWithoutAScriptError() {
    String decisionId = Api.decide(Api.customers(1).get(0), "web", 3).getString("decisionId");
    signIn("admin");
    browser.manage().logs().get(LogType.BROWSER); // what came before is not this test's
    List<String> tabs =
        browser.findElements(By.cssSelector("#tabs [role=tab]")).stream()
            .filter(WebElement::isDisplayed)
            .map(tab -> tab.getAttribute("data-tab"))
            .toList();
    assertEquals(
        List.of("decide", "explain", "models", "rules", "journeys", "actions", "users"), tabs);
    for (String tab : tabs) {
      browser.findElement(By.id("tab-" + tab)).click();
      waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("panel-" + tab)));
      settle();
      assertNoScriptError("the " + tab + " tab");
    }
    assertEquals(
        UserDirectory.ROLES,
        browser.findElements(By.cssSelector("#user-role-choices input")).stream()
            .map(input -> input.getAttribute("value"))
            .toList(),
        "a new user's roles are the server's");

    go("#explain/" + decisionId);
    waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-title"), decisionId));
    settle();
    assertNoScriptError("a decision's explanation");

    go("#decide/C000002");
    new Select(browser.findElement(By.id("decide-channel"))).selectByValue("web");
    click(waitFor(ExpectedConditions.elementToBeClickable(By.id("decide-submit"))));
    waitFor(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#decision-title .decision-id")));
    settle();
    assertNoScriptError("a decision");
    // The outcomes, as the server's vocabulary lists them: a response is recorded with the first.
    List<WebElement> outcomes =
        browser.findElements(By.cssSelector("#decision-output button.outcome"));
    assertTrue(outcomes.size() >= 4, "a button per outcome under each action");
    click(outcomes.get(0));
    waitFor(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#decision-output .response-status.ok")));
    assertNoScriptError("a response");

    go("#models");
    click(
        waitFor(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#models-output a.model-link"))));
    waitFor(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#model-detail .decision-meta")));
    settle();
    assertNoScriptError("a model");

    go("#rules");
    click(
        waitFor(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#versions-output button[data-version]"))));
    settle();
    assertNoScriptError("a strategy version");
    click(browser.findElement(By.id("rules-new")));
    waitFor(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#rules-main button.editor-file")));
    settle();
    assertNoScriptError("the editor of a new version");

    go("#actions");
    for (String editor : List.of("actions-new", "journey-new", "event-type-new")) {
      click(waitFor(ExpectedConditions.elementToBeClickable(By.id(editor))));
      waitFor(
          ExpectedConditions.visibilityOfElementLocated(
              By.cssSelector("#strategy-editor .editor-actions")));
      settle();
      assertNoScriptError("the form of " + editor);
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithAMessage() {
    browser.get(Api.BASE);
    waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("signin-form")));
    browser.findElement(By.id("signin-user")).sendKeys("channel");
    browser.findElement(By.id("signin-password")).sendKeys(Api.password("business"));
    browser.findElement(By.id("signin-submit")).click();
    WebElement error =
        waitFor(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#signin-error .alert")));
    assertTrue(
        error.getText().contains("The user name or password was not accepted"), error.getText());
    assertFalse(
        browser.findElement(By.id("tabs")).isDisplayed(), "no tab is shown before signing in");
  }

  @Test
  void aChannelUserDecidesForACustomerAndReadsTheExplanation() {
    signIn("channel");
    browser.findElement(By.id("tab-decide")).click();
    WebElement customer =
        waitFor(ExpectedConditions.elementToBeClickable(By.id("decide-customer")));
    customer.clear();
    customer.sendKeys("C000002");
    new Select(browser.findElement(By.id("decide-channel"))).selectByValue("web");
    browser.findElement(By.id("decide-submit")).click();

    WebElement title =
        waitFor(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#decision-title .decision-id")));
    String decisionId = title.getText();
    assertEquals(decisionId, UUID.fromString(decisionId).toString(), "the decision's id is shown");
    assertTrue(text("decision-output").contains("C000002"), "the decision names its customer");

    browser.findElement(By.id("decision-explain")).click();
    waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-title"), decisionId));
    assertTrue(browser.getCurrentUrl().endsWith("#explain/" + decisionId), browser.getCurrentUrl());

    // The explanation is the audit record's: the same rules fired in the same order, the same
    // result.
    JsonObject record =
        Api.json(Api.get("compliance", "api/v1/decisions/" + decisionId)).getJsonObject("record");
    List<String> fired =
        record.getJsonArray("rulesFired").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList();
    assertFalse(fired.isEmpty(), "some rule fired for the decision: " + record);
    assertEquals(fired, texts("#explain-output ol.rules-fired li"));
    List<String> result =
        record.getJsonArray("result").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList();
    List<String> shown = texts("#explain-output ol.result-list li");
    assertEquals(result.size(), shown.size(), "one line per action of the result: " + shown);
    for (int i = 0; i < result.size(); i++) {
      assertTrue(shown.get(i).contains(result.get(i)), shown.get(i) + " names " + result.get(i));
    }
    assertFalse(record.getJsonArray("scores").isEmpty(), "some action was scored: " + record);
    assertEquals(
        record.getJsonArray("scores").size(),
        browser.findElements(By.cssSelector("#explain-output [aria-label=Scores] tbody tr")).size(),
        "one row per action scored");
  }

  @Test
  void aRuleFileThatDoesNotCompileIsShownAtItsLine(@TempDir Path dir) throws IOException {
    int versions = Api.jsonArray(Api.get("business", "api/v1/rulesets")).size();
    Path broken = dir.resolve("broken.drl");
    Files.writeString(
        broken,
        """
        package io.parcours.rules;
        // A candidate compared with nothing: the compiler stops at line 6.

        rule "Broken"
        when
            Candidate( id == )
        then
        end
        """,
        StandardCharsets.UTF_8);

    signIn("business");
    browser.findElement(By.id("tab-rules")).click();
    waitFor(ExpectedConditions.elementToBeClickable(By.id("rules-new"))).click();
    // The draft starts from the files of the version in force; the broken file is added to them.
    waitFor(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#rules-main button.editor-file")));
    browser.findElement(By.id("editor-upload")).sendKeys(broken.toString());
    waitFor(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#rules-main button.editor-file[data-name='broken.drl']")));
    browser.findElement(By.id("editor-comment")).sendKeys("A rule that does not compile");
    browser.findElement(By.id("editor-submit")).click();

    WebElement problem =
        waitFor(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#editor-result .compile-errors li button")));
    assertTrue(
        problem.getText().startsWith("broken.drl:6:"),
        "the problem names the file and its line: " + problem.getText());
    assertFalse(
        browser
            .findElement(By.cssSelector("#editor-result .compile-errors li .compile-message"))
            .getText()
            .isBlank(),
        "the compiler's message is shown beside its place");
    assertTrue(text("editor-result").contains("HTTP 422"), text("editor-result"));

    problem.click();
    waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("editor-cursor"), "Line 6,"));
    assertEquals("broken.drl", text("editor-pane-title"));
    WebElement editor = browser.findElement(By.id("editor-text"));
    Object selected =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const t = arguments[0]; return t.value.substring(t.selectionStart, t.selectionEnd);",
                editor);
    assertEquals("    Candidate( id == )", selected, "the line at fault is selected in the editor");
    List<String> marked = texts("#rules-main .gutter .err");
    assertEquals(List.of("6"), marked, "the gutter marks line 6 only");

    assertEquals(
        versions,
        Api.jsonArray(Api.get("business", "api/v1/rulesets")).size(),
        "no version was stored");
  }

  @Test
  void aDataScientistOpensAModelAndSeesItsCalibrationChart() {
    String model = "probit:email@1";
    learnOneResponseOnEmail();

    signIn("scientist");
    browser.findElement(By.id("tab-models")).click();
    WebElement link =
        waitFor(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#models-output tr[data-model='" + model + "'] a.model-link")));
    link.click();
    waitFor(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#model-detail .decision-meta"), model));
    assertTrue(
        URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8)
            .endsWith("#models/" + model),
        browser.getCurrentUrl());

    WebElement chart =
        waitFor(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#model-detail svg.cal-chart")));
    assertEquals("img", chart.getAttribute("role"));
    int points = chart.findElements(By.cssSelector("g.cal-point circle")).size();
    assertTrue(points >= 1, "the chart has a point per range of the prediction");
    assertEquals(
        points,
        browser.findElements(By.cssSelector("#model-detail .calibration-table tbody tr")).size(),
        "the chart and its table show the same ranges");
    assertTrue(
        chart.getSize().getWidth() > 100 && chart.getSize().getHeight() > 100,
        "the chart is drawn at a readable size: " + chart.getSize());
  }

  /**
   * A response to an email decision, so that the email model has learned something to calibrate.
   */
  private static void learnOneResponseOnEmail() {
    for (String customer : Api.customers(200).subList(100, 200)) {
      JsonObject decision = Api.decide(customer, "email", 5);
      if (!decision.getJsonArray("actions").isEmpty()) {
        String action = decision.getJsonArray("actions").getJsonObject(0).getString("actionId");
        assertEquals(
            201,
            Api.respond(
                    decision.getString("decisionId"),
                    action,
                    "clicked",
                    UUID.randomUUID().toString())
                .statusCode());
        return;
      }
    }
    throw new AssertionError("no email decision of 100 customers showed an action");
  }

  /** Opens the console afresh (a reload signs out) and signs in as this demo user. */
  private static void signIn(String user) {
    browser.get(Api.BASE);
    waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("signin-form")));
    WebElement name = browser.findElement(By.id("signin-user"));
    name.clear();
    name.sendKeys(user);
    browser.findElement(By.id("signin-password")).sendKeys(Api.password(user));
    browser.findElement(By.id("signin-submit")).click();
    waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("tabs")));
  }

  /** Changes the page's address as a link would, without reloading (a reload signs out). */
  private static void go(String hash) {
    ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", hash);
  }

  /** Clicks an element after scrolling it to the middle of the window, clear of the top bar. */
  private static void click(WebElement element) {
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  /** Waits until nothing on the page is loading any more. */
  private static void settle() {
    waitFor(d -> d.findElements(By.cssSelector("[aria-busy=true]")).isEmpty());
  }

  /**
   * Fails with the page's errors since the last call: uncaught exceptions, errors the console
   * logged, and scripts or styles that did not load. An API answer of 4xx the page handles is not
   * one.
   */
  private static void assertNoScriptError(String where) {
    List<String> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter(
                m -> !m.contains("Failed to load resource") || m.matches("(?s).*\\.(js|css)\\b.*"))
            .toList();
    assertEquals(List.of(), errors, "no script error in " + where);
  }

  private static <T> T waitFor(ExpectedCondition<T> condition) {
    return new WebDriverWait(browser, PATIENCE).until(condition);
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static List<String> texts(String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }
}

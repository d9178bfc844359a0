package io.parcours.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium driven through the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}), for the browser tests of the console. Nothing is downloaded: both
 * programs are looked for on the {@code PATH}, or taken from {@code parcours.browser.chromium} and
 * {@code parcours.browser.chromedriver}.
 *
 * <p>As a JUnit condition it skips the class, saying what is missing, when either program is not
 * found; with {@code parcours.browser.required=true} (continuous integration) it fails the class
 * instead. A condition rather than an assumption: a class skipped by its condition never reaches
 * Arquillian, which would otherwise start Payara only to find that there is nothing to run.
 */
final class Chromium implements ExecutionCondition {

  static final String REQUIRED = "parcours.browser.required";
  private static final Logger LOG = Logger.getLogger(Chromium.class.getName());

  /** The browser and the driver this machine has. */
  record Installation(Path browser, Path driver) {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> missing = new ArrayList<>();
    if (browser().isEmpty()) {
      missing.add(
          "no Chromium (looked for chromium, chromium-browser on the PATH and parcours.browser.chromium)");
    }
    if (driver().isEmpty()) {
      missing.add(
          "no chromedriver (looked for chromedriver on the PATH and parcours.browser.chromedriver)");
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
    }
    String what =
        String.join("; ", missing) + ". On Debian: apt-get install chromium chromium-driver";
    if (Boolean.getBoolean(REQUIRED)) {
      throw new ExtensionConfigurationException(
          "The browser tests cannot run (" + REQUIRED + "=true): " + what);
    }
    String reason = "Browser tests skipped: " + what;
    // Failsafe keeps a skipped class's reason in its report only: the build's output says it too.
    LOG.warning(() -> context.getDisplayName() + ": " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }

  /**
   * Starts a headless Chromium in a window large enough for the console's wide layout, keeping the
   * page's console messages for {@code manage().logs()}.
   */
  static WebDriver start() {
    Installation installed =
        new Installation(
            browser().orElseThrow(() -> new IllegalStateException("no Chromium")),
            driver().orElseThrow(() -> new IllegalStateException("no chromedriver")));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(installed.browser().toFile());
    // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1600,1200",
        "--lang=en-GB");
    // The page's console, so that a test can tell that no script failed (a module that does not
    // load, an error thrown in a view).
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(installed.driver().toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    return new ChromeDriver(service, options);
  }

  private static Optional<Path> browser() {
    return program("parcours.browser.chromium", "chromium", "chromium-browser");
  }

  private static Optional<Path> driver() {
    return program("parcours.browser.chromedriver", "chromedriver");
  }

  private static Optional<Path> program(String property, String... names) {
    String given = System.getProperty(property);
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given)).filter(Files::isExecutable);
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .flatMap(dir -> Stream.of(names).map(name -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}

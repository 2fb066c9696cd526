package io.jobqueue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code scripts/services} installs), against the real server on a SQLite
 * queue: counts change after jobs are added through the API, a buried job leaves the buried list
 * when its kick button is pressed, a running worker is listed. The screenshots it leaves under
 * {@code target/} are the ones the README shows.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String TOKEN = "dashboard-test-admin-token";
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(15);

  @TempDir Path dir;

  private JobQueue queue;
  private HttpServer server;
  private WebDriver browser;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "the browser test needs %s and %s (Debian's chromium and chromium-driver):"
              + " run scripts/services to install them",
          CHROMIUM, CHROMEDRIVER);
    }
    queue = JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"));
    server = HttpServer.start(queue, TOKEN);
    browser = startChromium(dir.resolve("chromium-profile"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (queue != null) {
      queue.close();
    }
  }

  @Test
  void showsCountsKicksABuriedJobWithItsButtonAndListsWorkers() throws Exception {
    browser.get(server.baseUri() + "/#token=" + TOKEN);
    WebDriverWait wait = pageWait();

    addJobs("emails", List.of("{\"to\":\"ann@example.com\"}", "{\"to\":\"bob@example.com\"}"));
    wait.until(ExpectedConditions.textToBe(count("emails", "ready"), "2"));
    addJobs("emails", List.of("{\"to\":\"cy@example.com\"}", "{\"to\":\"dee@example.com\"}"));
    addJobs("thumbnails", List.of("img-1.png", "img-2.png", "img-3.png"));
    wait.until(ExpectedConditions.textToBe(count("emails", "ready"), "4"));
    wait.until(ExpectedConditions.textToBe(count("thumbnails", "ready"), "3"));
    assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain(TOKEN);

    long kicked = reserveAndBury("emails", "SMTP 550: mailbox unavailable");
    long stays = reserveAndBury("emails", "IllegalStateException: template 'welcome' missing");
    wait.until(ExpectedConditions.textToBe(count("emails", "buried"), "2"));

    click(wait, By.cssSelector("tr[data-pipeline='emails'] td:first-child a"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(buriedRow(stays)));
    assertThat(browser.findElement(buriedRow(kicked)).getText())
        .contains("SMTP 550: mailbox unavailable");
    click(wait, By.cssSelector("#jobs tr[data-job-id='" + kicked + "'] button[data-action='kick']"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(buriedRow(kicked)));
    wait.until(ExpectedConditions.textToBe(count("emails", "buried"), "1"));
    assertThat(queue.peek(kicked)).map(Job::state).hasValueSatisfying(
        state -> assertThat(state.name()).isEqualTo("READY"));

    click(wait, By.cssSelector("#jobs tr[data-job-id='" + stays + "'] td:first-child a"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-fields"), "template"));

    screenshot("dashboard.png");
  }

  private WebDriver startChromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1200,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private WebDriverWait pageWait() {
    WebDriverWait wait = new WebDriverWait(browser, PAGE_TIMEOUT);
    // the page re-draws a table when its data changed: an element found may be replaced at once
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private void click(WebDriverWait wait, By button) {
    wait.until(
        driver -> {
          driver.findElement(button).click();
          return true;
        });
  }

  private static By count(String pipeline, String state) {
    return By.cssSelector("tr[data-pipeline='" + pipeline + "'] td[data-state='" + state + "']");
  }

  private static By buriedRow(long id) {
    return By.cssSelector("#jobs tr[data-job-id='" + id + "']");
  }

  private void addJobs(String pipeline, List<String> payloads) throws IOException, InterruptedException {
    for (String payload : payloads) {
      String body = "{\"payload\":" + jsonString(payload) + "}";
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(server.baseUri().resolve("/api/pipelines/" + pipeline + "/jobs"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }
  }

  private long reserveAndBury(String pipeline, String reason) {
    Job job = queue.reserve(pipeline, Duration.ofSeconds(5)).orElseThrow();
    queue.bury(job, reason);
    return job.id();
  }

  private void screenshot(String name) throws IOException {
    browser.manage().window().setSize(new Dimension(1200, pageHeight()));
    Path file = Path.of("target", name);
    Files.createDirectories(file.getParent());
    Files.write(file, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
  }

  private int pageHeight() {
    Object height =
        ((ChromeDriver) browser).executeScript("return document.documentElement.scrollHeight");
    return Math.max(600, ((Number) height).intValue() + 20);
  }

  private static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

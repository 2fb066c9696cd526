package io.jobqueue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.PipelineLimits;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.worker.Worker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code scripts/services} installs) against the real server on a SQLite queue, with a {@link
 * Worker} and a {@link Scheduler} running in this process: counts change after jobs are added
 * through the API, the pause and resume buttons work, the worker is listed and its throughput
 * shows, the history tab lists ended jobs, the schedules show their runs, a pipeline's jobs show
 * its limits, a buried job leaves the buried list when its kick button is pressed; a wrong token is
 * refused and the read-only token disables the write buttons. {@code target/dashboard.png} is the
 * screenshot the README shows.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  // as base64 makes them: '+' and '/' must survive the address's fragment
  private static final String TOKEN = "dashboard+test/admin+token==";
  private static final String READ_TOKEN = "dashboard-test-read-token";
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(15);
  private static final int WIDTH = 1200;

  @TempDir Path dir;

  private JobQueue queue;
  private JobQueueHttpServer server;
  private ChromeDriver browser;
  private Worker worker;
  private Scheduler scheduler;
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
    scheduler =
        Scheduler.builder()
            .queue(queue)
            .store(JdbcScheduleStore.of((JdbcJobQueue) queue))
            .schedule(
                Schedule.builder("nightly-report")
                    .cron("0 30 2 * * *")
                    .zone("Europe/Paris")
                    .pipeline("reports")
                    .build())
            .schedule(
                Schedule.builder("cache-warmup")
                    .every(Duration.ofSeconds(2))
                    .pipeline("cache")
                    .build())
            .build();
    scheduler.declare();
    server =
        JobQueueHttpServer.builder(queue)
            .adminToken(TOKEN)
            .readToken(READ_TOKEN)
            .scheduler(scheduler)
            .port(0)
            .build()
            .start();
    browser = startChromium(dir.resolve("chromium-profile"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (worker != null) {
      worker.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    if (server != null) {
      server.close();
    }
    if (queue != null) {
      queue.close();
    }
  }

  @Test
  void showsCountsWorkersThroughputHistoryAndKicksABuriedJobWithItsButton() throws Exception {
    browser.get(base() + "/#token=" + TOKEN);
    WebDriverWait wait = pageWait();

    addJobs("emails", List.of("{\"to\":\"ann@example.com\"}", "{\"to\":\"bob@example.com\"}"));
    wait.until(ExpectedConditions.textToBe(count("emails", "ready"), "2"));
    addJobs("emails", List.of("{\"to\":\"cy@example.com\"}", "{\"to\":\"dee@example.com\"}"));
    addJobs("thumbnails", List.of("img-1.png", "img-2.png", "img-3.png"));
    wait.until(ExpectedConditions.textToBe(count("emails", "ready"), "4"));
    wait.until(ExpectedConditions.textToBe(count("thumbnails", "ready"), "3"));
    assertThat(browser.getCurrentUrl())
        .as("the token leaves the address bar")
        .doesNotContain(TOKEN);

    // paused with its button, the pipeline keeps what comes in; resumed, a worker drains it, and
    // the page saw both, so its throughput must show
    queue.selectPipeline("thumbnails").keepHistory(HistoryRetention.DEFAULT);
    click(wait, action("thumbnails", "pause"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(state("thumbnails"), "paused"));
    worker =
        Worker.builder(queue)
            .handler("thumbnails", context -> {})
            .handler("cache", context -> {})
            .build()
            .start();
    wait.until(
        ExpectedConditions.textMatches(
            By.cssSelector("#workers tbody"), Pattern.compile("thumbnails, cache .* live")));
    addBatch("thumbnails", 200);
    wait.until(ExpectedConditions.textToBe(count("thumbnails", "ready"), "203"));
    click(wait, action("thumbnails", "resume"));
    wait.until(ExpectedConditions.textToBe(count("thumbnails", "ready"), "0"));
    wait.until(driver -> positive(driver.findElement(count("thumbnails", "rate")).getText()));

    scheduler.start();
    wait.until(
        ExpectedConditions.textMatches(
            By.cssSelector("#schedules tr[data-schedule='cache-warmup']"),
            Pattern.compile("every 2s .*\\(enqueued, job \\d+\\)")));
    wait.until(
        ExpectedConditions.textMatches(
            By.cssSelector("#schedules tr[data-schedule='nightly-report']"),
            Pattern.compile("0 30 2 \\* \\* \\* \\(Europe/Paris\\) .*\\d:30:00")));
    click(wait, By.cssSelector("#schedules tr[data-schedule='nightly-report'] button"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#schedules tr[data-schedule='nightly-report']"), "paused"));

    click(wait, By.cssSelector("tr[data-pipeline='thumbnails'] td:first-child a"));
    wait.until(ExpectedConditions.textToBe(By.id("jobs-limits"), "Limits: none."));
    click(wait, By.cssSelector("#job-states button[data-state='history']"));
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#records tr[data-job-id] .badge.finished"), 0));
    click(wait, By.cssSelector("#records tr[data-job-id] td:first-child a"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("job-fields"), "ended: finished"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#job-history tbody"), "succeeded"));
    screenshot("dashboard-history.png");
    click(wait, By.cssSelector("#pages button[data-action='next']"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pages"), "21–40"));

    long kicked = reserveAndBury("emails", "SMTP 550: mailbox unavailable");
    long stays = reserveAndBury("emails", "IllegalStateException: template 'welcome' missing");
    wait.until(ExpectedConditions.textToBe(count("emails", "buried"), "2"));

    queue
        .selectPipeline("emails")
        .setLimits(
            PipelineLimits.builder().maxReserved(5).rate(100, Duration.ofMinutes(1)).build());
    click(wait, By.cssSelector("tr[data-pipeline='emails'] td:first-child a"));
    wait.until(
        ExpectedConditions.textToBe(
            By.id("jobs-limits"),
            "Limits: at most 5 reserved at once, at most 100 started per 1m."));
    wait.until(ExpectedConditions.visibilityOfElementLocated(buriedRow(stays)));
    assertThat(browser.findElement(buriedRow(kicked)).getText())
        .contains("SMTP 550: mailbox unavailable");
    click(
        wait, By.cssSelector("#jobs tr[data-job-id='" + kicked + "'] button[data-action='kick']"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(buriedRow(kicked)));
    wait.until(ExpectedConditions.textToBe(count("emails", "buried"), "1"));
    assertThat(queue.peek(kicked).map(Job::state)).contains(JobState.READY);

    click(wait, By.cssSelector("#jobs tr[data-job-id='" + stays + "'] td:first-child a"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-fields"), "template"));

    screenshot("dashboard.png");
  }

  @Test
  void asksForTheTokenRefusesAWrongOneAndDisablesWritesForTheReadOnlyOne() throws Exception {
    addJobs("emails", List.of("{\"to\":\"ann@example.com\"}"));
    browser.get(base() + "/");
    WebDriverWait wait = pageWait();

    enterToken(wait, "not-a-token-of-this-server");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "401"));
    assertThat(browser.findElement(By.id("content")).isDisplayed()).isFalse();

    enterToken(wait, READ_TOKEN);
    wait.until(ExpectedConditions.textToBe(count("emails", "ready"), "1"));
    click(wait, action("emails", "pause"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "read-only"));
    wait.until(ExpectedConditions.attributeToBe(action("emails", "pause"), "disabled", "true"));
    assertThat(queue.selectPipeline("emails").stats().paused()).isFalse();
    screenshot("dashboard-read-only.png");
  }

  private void enterToken(WebDriverWait wait, String token) {
    WebElement input =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
    input.sendKeys(token);
    input.submit();
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }

  private ChromeDriver startChromium(Path profile) {
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
        "--window-size=" + WIDTH + ",1000");
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
    wait.until(driver -> {
      driver.findElement(button).click();
      return true;
    });
  }

  private static By count(String pipeline, String state) {
    return By.cssSelector("tr[data-pipeline='" + pipeline + "'] td[data-state='" + state + "']");
  }

  private static By action(String pipeline, String action) {
    return By.cssSelector(
        "tr[data-pipeline='" + pipeline + "'] button[data-action='" + action + "']");
  }

  private static By state(String pipeline) {
    return By.cssSelector("tr[data-pipeline='" + pipeline + "'] td.state");
  }

  private static boolean positive(String rate) {
    return !rate.isEmpty() && Double.parseDouble(rate) > 0;
  }

  private static By buriedRow(long id) {
    return By.cssSelector("#jobs tr[data-job-id='" + id + "']");
  }

  private void addJobs(String pipeline, List<String> payloads)
      throws IOException, InterruptedException {
    for (String payload : payloads) {
      post("/api/pipelines/" + pipeline + "/jobs", Map.of("payload", payload));
    }
  }

  private void addBatch(String pipeline, int size) throws IOException, InterruptedException {
    List<Map<String, String>> jobs =
        IntStream.range(0, size).mapToObj(i -> Map.of("payload", "thumbnail " + i)).toList();
    post("/api/pipelines/" + pipeline + "/jobs/batch", Map.of("jobs", jobs));
  }

  private void post(String path, Object json) throws IOException, InterruptedException {
    String body = Bodies.MAPPER.writeValueAsString(json);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private long reserveAndBury(String pipeline, String reason) {
    Job job = queue.reserve(pipeline, Duration.ofSeconds(5)).orElseThrow();
    queue.bury(job, reason);
    return job.id();
  }

  /** The whole page, not only the window: Chromium's own capture beyond the viewport. */
  private void screenshot(String name) throws IOException {
    Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
    Map<String, Object> shot =
        browser.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", WIDTH, "height", height.intValue(), "scale", 1)));
    Path file = Path.of("target", name);
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }
}

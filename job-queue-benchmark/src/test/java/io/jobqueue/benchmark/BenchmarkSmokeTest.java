package io.jobqueue.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark program once per backend with a tiny N, so it cannot rot: every scenario must
 * pass its own checks (every job stored once, delivered once, none lost) and print its RESULT line.
 * Figures are not asserted. The peers' scenarios have their own test (PeerScenariosTest). A server
 * that cannot be reached fails the test, as in every other backend test: scripts/services starts
 * them all.
 */
class BenchmarkSmokeTest {

  static final List<String> TINY =
      List.of(
          "--jobs",
          "200",
          "--runs",
          "1",
          "--rate",
          "50",
          "--latency-seconds",
          "1",
          "--idle-seconds",
          "1",
          "--stall-seconds",
          "10",
          "--no-progress");
  private static final List<String> ALL_BUT_IDLE =
      List.of(
          "baseline-enqueue",
          "baseline-drain",
          "enqueue-one",
          "enqueue-batch",
          "drain-api",
          "drain-worker",
          "drain-processes",
          "latency");

  @TempDir Path temp;

  @Test
  void sqlite() {
    String output =
        run("--backends", "sqlite", "--sqlite-url", "jdbc:sqlite:" + temp.resolve("smoke.db"));
    assertAllChecked(output, "sqlite", ALL_BUT_IDLE);
  }

  /** Opt-in, so not in the runs above: an unlimited drain beside a limited pipeline's. */
  @Test
  void drainBesideLimited() {
    String output =
        run(
            "--backends",
            "sqlite",
            "--sqlite-url",
            "jdbc:sqlite:" + temp.resolve("beside.db"),
            "--scenarios",
            "drain-beside-limited");
    assertAllChecked(output, "sqlite", List.of("drain-beside-limited"));
    assertThat(output).contains("limited_jobs_per_s=");
  }

  @Test
  void postgres() {
    requireServer("PostgreSQL", 5432);
    String output = run("--backends", "postgres", "--scenarios", String.join(",", withIdle()));
    assertAllChecked(output, "postgres", withIdle());
  }

  @Test
  void mariadb() {
    requireServer("MariaDB", 3306);
    String output = run("--backends", "mariadb", "--scenarios", String.join(",", withIdle()));
    assertAllChecked(output, "mariadb", withIdle());
  }

  @Test
  void beanstalkdInMemoryAndWithBinlog() throws Exception {
    Path binary = Path.of(System.getenv().getOrDefault("BEANSTALKD", "/usr/bin/beanstalkd"));
    if (!Files.isExecutable(binary)) {
      unavailable("beanstalkd is not installed at " + binary + " (set BEANSTALKD to its path)");
    }
    int memoryPort = freePort();
    int binlogPort = freePort();
    Path binlog = Files.createDirectory(temp.resolve("binlog"));
    Process memory =
        new ProcessBuilder(binary.toString(), "-l", "127.0.0.1", "-p", Integer.toString(memoryPort))
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("memory.log").toFile())
            .start();
    Process durable =
        new ProcessBuilder(
                binary.toString(),
                "-l",
                "127.0.0.1",
                "-p",
                Integer.toString(binlogPort),
                "-b",
                binlog.toString())
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("binlog.log").toFile())
            .start();
    try {
      awaitListening(memoryPort);
      awaitListening(binlogPort);
      String output =
          run(
              "--backends",
              "beanstalkd",
              "--beanstalk-url",
              "beanstalk://127.0.0.1:" + memoryPort,
              "--beanstalk-binlog-url",
              "beanstalk://127.0.0.1:" + binlogPort);
      assertAllChecked(output, "beanstalkd", ALL_BUT_IDLE);
      assertAllChecked(output, "beanstalkd-binlog", ALL_BUT_IDLE);
    } finally {
      memory.destroy();
      durable.destroy();
    }
  }

  @Test
  void rejectsBadArgumentsWithUsageErrors() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(BenchmarkCommand.execute(print, "--preset", "5k")).isEqualTo(2);
    assertThat(BenchmarkCommand.execute(print, "--preset", "1k", "--jobs", "10")).isEqualTo(2);
    assertThat(BenchmarkCommand.execute(print, "--backends", "oracle")).isEqualTo(2);
    assertThat(BenchmarkCommand.execute(print, "--scenarios", "drain-fast")).isEqualTo(2);
    assertThat(BenchmarkCommand.execute(print, "--workers", "0")).isEqualTo(2);
  }

  @Test
  void reportsAnUnreachableBackendInsteadOfSkippingIt() throws IOException {
    int closedPort = freePort();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        BenchmarkCommand.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            "--backends",
            "beanstalkd",
            "--beanstalk-url",
            "beanstalk://127.0.0.1:" + closedPort,
            "--jobs",
            "10",
            "--runs",
            "1",
            "--no-progress");
    assertThat(exit).isEqualTo(BenchmarkCommand.UNAVAILABLE);
  }

  private static List<String> withIdle() {
    return Stream.concat(ALL_BUT_IDLE.stream(), Stream.of("idle-queries")).toList();
  }

  private String run(String... args) {
    List<String> all = new ArrayList<>(TINY);
    all.addAll(Arrays.asList(args));
    return runBenchmark(all);
  }

  /** Runs the benchmark in this JVM and returns its stdout, asserting that it exited with 0. */
  static String runBenchmark(List<String> all) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        BenchmarkCommand.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
    String output = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit code; output:%n%s", output).isZero();
    return output;
  }

  static void assertAllChecked(String output, String backend, List<String> scenarios) {
    List<String> lines = output.lines().toList();
    for (String scenario : scenarios) {
      String key = "backend=" + backend + " scenario=" + scenario + " ";
      assertThat(lines)
          .as("CHECK line of %s %s in%n%s", backend, scenario, output)
          .anyMatch(l -> l.startsWith("CHECK " + key) && l.contains("status=OK"));
      assertThat(lines)
          .as("RESULT line of %s %s in%n%s", backend, scenario, output)
          .anyMatch(l -> l.startsWith("RESULT " + key) && l.endsWith("verified=true"));
    }
    assertThat(lines.stream().filter(l -> l.startsWith("CHECK ") && l.contains("delivered_once=")))
        .as("delivery checks")
        .isNotEmpty()
        .allMatch(
            l -> l.contains(" lost=0 ") && l.contains(" duplicates=0 ") && l.contains(" left=0"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("VERIFIED: all ") && l.contains("none lost, duplicates 0"));
    assertThat(lines).noneMatch(l -> l.contains("status=FAILED"));
  }

  private static void requireServer(String name, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    } catch (IOException e) {
      unavailable(name + " is not reachable at 127.0.0.1:" + port + " (" + e.getMessage() + ")");
    }
  }

  /** Fails rather than skips: a backend test that silently skips proves nothing. */
  private static void unavailable(String why) {
    fail(why + "; scripts/services starts every server the tests need");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        new Socket("127.0.0.1", port).close();
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    fail("beanstalkd did not listen on port " + port + " within 10 s");
  }
}

package io.jobqueue.benchmark;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobQueues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The drain-processes scenario: several JVMs, each running a Worker on the same pipeline of the
 * same backend (for SQLite: the same file), as supervisord would run them. Each child prints the
 * indexes it handled and the wall-clock times of its first and last job; the parent counts them in
 * its ledger, so a job handled by two processes shows up as a duplicate.
 *
 * <p>The children start their Workers together: each opens its queue, says it is ready, and waits
 * for the parent's go, sent once all are ready. Otherwise the first JVMs up would drain much of the
 * pipeline while the last ones still start, and 64 processes would measure far fewer.
 */
final class DrainProcess {

  private static final String FIRST = "FIRST ";
  private static final String LAST = "LAST ";
  private static final String JOB = "JOB ";
  private static final String READY = "READY";
  private static final String GO = "GO";
  private static final long POLL_MILLIS = 100;

  private DrainProcess() {}

  /** Child entry point: {@code <url> <pipeline> <workers> <idle-millis> [property=value ...]}. */
  public static void main(String[] args) throws InterruptedException {
    String url = args[0];
    String pipeline = args[1];
    int workers = Integer.parseInt(args[2]);
    long idleMillis = Long.parseLong(args[3]);
    JobQueueConfig.Builder config = JobQueueConfig.builder(url);
    for (int i = 4; i < args.length; i++) {
      config.property(
          args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    }
    ConcurrentLinkedQueue<Integer> handled = new ConcurrentLinkedQueue<>();
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    try (JobQueue queue = JobQueues.open(config.build())) {
      out.println(READY);
      out.flush();
      awaitGo();
      drain(queue, pipeline, workers, idleMillis, handled, first, last);
    }
    out.println(FIRST + first.get());
    out.println(LAST + last.get());
    handled.forEach(index -> out.println(JOB + index));
    out.flush();
  }

  private static void awaitGo() {
    try {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))
              .readLine();
      if (!GO.equals(line)) {
        throw new IllegalStateException("expected " + GO + " from the parent, got " + line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a Worker until the pipeline is empty, or until it has deleted nothing for {@code
   * idleMillis} while jobs remain (a stall). The pipeline is read only when a poll saw no progress,
   * so a busy drain does not pay for it.
   */
  private static void drain(
      JobQueue queue,
      String pipeline,
      int workers,
      long idleMillis,
      ConcurrentLinkedQueue<Integer> handled,
      AtomicLong first,
      AtomicLong last)
      throws InterruptedException {
    try (WorkerRun worker =
        WorkerRun.start(
            queue,
            pipeline,
            workers,
            job -> {
              long now = epochMicros();
              first.compareAndSet(0, now);
              last.accumulateAndGet(now, Math::max);
              handled.add(Payload.index(job.payload()));
            })) {
      long deleted = -1;
      long lastChange = System.nanoTime();
      while (System.nanoTime() - lastChange < idleMillis * 1_000_000) {
        Thread.sleep(POLL_MILLIS);
        long now = worker.deleted();
        if (now != deleted) {
          deleted = now;
          lastChange = System.nanoTime();
        } else if (isEmpty(queue, pipeline)) {
          return;
        }
      }
    }
  }

  private static boolean isEmpty(JobQueue queue, String pipeline) {
    try {
      return queue.selectPipeline(pipeline).stats().total() == 0;
    } catch (JobQueueException e) {
      return false; // the backend did not answer this time: the idle wait decides
    }
  }

  /**
   * Starts {@code processes} child JVMs, each placed by {@code placement} (started through its
   * launcher, e.g. {@code ip netns exec NAME}, on its URL) with a Worker of {@code workersEach},
   * lets them start together once all are ready, waits for them, records every job they report in
   * {@code ledger}, and returns the seconds from the first job started in any process to the last
   * one.
   */
  static double run(
      Backend backend,
      String pipeline,
      int processes,
      int workersEach,
      long idleMillis,
      Ledger ledger,
      AtomicLong progress,
      IntFunction<Placement> placement)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> children = new ArrayList<>();
    try {
      for (int p = 0; p < processes; p++) {
        // native access: sqlite-jdbc loads its library, which newer JDKs otherwise warn about on
        // stderr
        List<String> command = new ArrayList<>(placement.apply(p).launcher());
        command.addAll(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                DrainProcess.class.getName(),
                placement.apply(p).url(),
                pipeline,
                Integer.toString(workersEach),
                Long.toString(idleMillis)));
        command.addAll(backend.propertyArguments());
        children.add(
            new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process child : children) {
        BufferedReader output =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
        String line = output.readLine();
        if (!READY.equals(line)) {
          throw new IllegalStateException(
              "drain process " + child.pid() + " did not get ready: " + line);
        }
        outputs.add(output);
      }
      for (Process child : children) {
        try (OutputStream in = child.getOutputStream()) {
          in.write((GO + "\n").getBytes(StandardCharsets.US_ASCII));
        }
      }
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (int i = 0; i < children.size(); i++) {
        Process child = children.get(i);
        try (BufferedReader lines = outputs.get(i)) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith(JOB)) {
              ledger.deliver(Integer.parseInt(line.substring(JOB.length())));
              progress.incrementAndGet();
            } else if (line.startsWith(FIRST) && !line.equals(FIRST + "0")) {
              first = Math.min(first, Long.parseLong(line.substring(FIRST.length())));
            } else if (line.startsWith(LAST) && !line.equals(LAST + "0")) {
              last = Math.max(last, Long.parseLong(line.substring(LAST.length())));
            }
          }
        }
        if (!child.waitFor(1, TimeUnit.MINUTES)) {
          throw new IllegalStateException("drain process " + child.pid() + " did not exit");
        }
        if (child.exitValue() != 0) {
          throw new IllegalStateException(
              "drain process " + child.pid() + " exited with " + child.exitValue());
        }
      }
      return first == Long.MAX_VALUE ? Double.NaN : (last - first) / 1e6;
    } finally {
      // a child left waiting for its go, or not exiting, does not outlive a failed run
      children.forEach(Process::destroyForcibly);
    }
  }

  /**
   * Where a child process runs: the command that starts it ({@code java …} is appended) and the URL
   * it opens.
   */
  record Placement(List<String> launcher, String url) {

    /** Every process on this host, on the backend's own URL. */
    static IntFunction<Placement> local(Backend backend) {
      return p -> new Placement(List.of(), backend.url());
    }
  }

  private static long epochMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }
}

package io.jobqueue.testkit;

import io.jobqueue.Job;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobQueues;
import io.jobqueue.worker.JobHandler;
import io.jobqueue.worker.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The second process of the concurrency and crash tests, started by {@link ChildJvm} with the
 * test's class path. It opens the backend from its arguments and either drains a pipeline ({@code
 * --mode=drain}: reserve and delete until nothing is ready), reserves and deletes one job at a time
 * until told to stop, through outages ({@code --mode=serve}: {@code --work-millis}, {@code
 * --seconds}; the simulated hosts' test), reserves jobs and holds them until it is killed ({@code
 * --mode=hold}), adds jobs with the same unique keys from {@code --threads} threads ({@code
 * --mode=add-unique}, see {@link UniqueAdders}), or runs a {@link Worker} until it is killed
 * ({@code --mode=work}: {@code --concurrency}, {@code --max-pending-deletes}, optionally {@code
 * --heartbeat-millis}; each handler works {@code --handler-millis} and then appends its job's id as
 * a line to the file {@code --record}, with the operating system before the handler returns, so a
 * kill loses none).
 *
 * <p>It talks to the parent through lines on standard output that start with {@link #PREFIX}
 * (everything else, e.g. log lines, is passed through): {@code ready} once the queue is open,
 * {@code deleted <id>} / {@code held <id>} per job, {@code holding <n>}, {@code done <n>}, {@code
 * added <n>} and {@code working <worker id>}. In drain and add-unique modes it waits for a {@code
 * go} line on standard input before it starts, so that it reserves at the same moment as the
 * parent's threads.
 */
public final class ReserverProcess {

  /** Marks the lines of the protocol on standard output. */
  public static final String PREFIX = "@jobqueue-testkit ";

  private static final Duration RESERVE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private ReserverProcess() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    List<String[]> properties = new ArrayList<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("arguments are --name=value, got '" + arg + "'");
      }
      String name = arg.substring(2, arg.indexOf('='));
      String value = arg.substring(arg.indexOf('=') + 1);
      if (name.equals("property")) {
        properties.add(value.split("=", 2));
      } else {
        options.put(name, value);
      }
    }
    JobQueueConfig.Builder config =
        JobQueueConfig.builder(required(options, "url"))
            .maxPayloadBytes(Integer.parseInt(required(options, "max-payload-bytes")));
    for (String[] property : properties) {
      config.property(property[0], property[1]);
    }
    String pipeline = required(options, "pipeline");
    PrintStream out = System.out;
    try (JobQueue queue = JobQueues.open(config.build())) {
      switch (required(options, "mode")) {
        case "drain" -> drain(queue, pipeline, Integer.parseInt(required(options, "threads")), out);
        case "hold" -> hold(queue, pipeline, Integer.parseInt(required(options, "count")), out);
        case "serve" ->
            serve(
                queue,
                pipeline,
                Duration.ofMillis(Long.parseLong(required(options, "work-millis"))),
                Duration.ofSeconds(Long.parseLong(required(options, "seconds"))),
                out);
        case "add-unique" ->
            addUnique(queue, pipeline, Integer.parseInt(required(options, "threads")), out);
        case "work" ->
            work(
                Worker.builder(queue)
                    .handler(
                        pipeline,
                        recording(
                            Path.of(required(options, "record")),
                            Duration.ofMillis(Long.parseLong(required(options, "handler-millis")))))
                    .concurrency(Integer.parseInt(required(options, "concurrency")))
                    .maxPendingDeletes(Integer.parseInt(required(options, "max-pending-deletes")))
                    .heartbeatInterval(
                        Duration.ofMillis(
                            Long.parseLong(
                                options.getOrDefault(
                                    "heartbeat-millis",
                                    String.valueOf(Worker.DEFAULT_HEARTBEAT_INTERVAL.toMillis())))))
                    .summaryInterval(Duration.ZERO),
                out);
        default ->
            throw new IllegalArgumentException(
                "--mode must be drain, serve, hold, add-unique or work");
      }
    }
  }

  /** Builds the arguments that open {@code backend} in the child. */
  static List<String> backendArguments(TestBackend backend, String pipeline) {
    List<String> args = new ArrayList<>();
    args.add("--url=" + backend.config().url());
    args.add("--max-payload-bytes=" + backend.config().maxPayloadBytes());
    args.add("--pipeline=" + pipeline);
    backend
        .config()
        .properties()
        .forEach((name, value) -> args.add("--property=" + name + "=" + value));
    return args;
  }

  private static void drain(JobQueue queue, String pipeline, int threads, PrintStream out)
      throws Exception {
    awaitGo(out);
    List<Thread> workers = new ArrayList<>();
    long[] counts = new long[threads];
    Throwable[] failure = new Throwable[1];
    for (int i = 0; i < threads; i++) {
      int slot = i;
      workers.add(
          Thread.ofPlatform()
              .name("child-reserver-" + i)
              .start(() -> {
                try {
                  Optional<Job> job;
                  while ((job = queue.reserve(pipeline, RESERVE_TIMEOUT)).isPresent()) {
                    queue.delete(job.get());
                    say(out, "deleted " + job.get().id());
                    counts[slot]++;
                  }
                } catch (Throwable e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                }
              }));
    }
    long total = 0;
    for (int i = 0; i < threads; i++) {
      workers.get(i).join();
      total += counts[i];
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("a reserver thread of the child failed", failure[0]);
      }
    }
    say(out, "done " + total);
  }

  private static BufferedReader awaitGo(PrintStream out) throws IOException {
    say(out, "ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (!"go".equals(line)) {
      throw new IllegalStateException("expected 'go' on standard input, got " + line);
    }
    return in;
  }

  /**
   * One reserver that takes one job at a time (no prefetch), works {@code work} and deletes it,
   * until {@code stop} arrives on standard input or {@code bound} passes. Every step is a protocol
   * line with the job's id and its {@code reserves} count, which names the reservation: {@code
   * reserved}, then {@code deleted} (acknowledged), {@code refused} (the lease had ended: nothing
   * changed) or {@code unknown} (the backend did not answer; the delete is tried again, so after an
   * outage it arrives late). A reserve the backend does not answer is {@code unavailable}; the loop
   * goes on, on the same queue, so a process recovers by itself when the backend is back. A {@code
   * pause} line makes it hold its next job ({@code paused <id> <reserves>}) until {@code resume}.
   */
  private static void serve(
      JobQueue queue, String pipeline, Duration work, Duration bound, PrintStream out)
      throws Exception {
    BufferedReader in = awaitGo(out);
    long deadline = System.nanoTime() + bound.toNanos();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean pause = new AtomicBoolean();
    Semaphore resume = new Semaphore(0);
    Thread.ofPlatform()
        .daemon()
        .name("command-reader")
        .start(() -> {
          try {
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
              switch (line) {
                case "pause" -> pause.set(true);
                case "resume" -> resume.release();
                default -> say(out, "ignored " + line);
              }
            }
          } catch (IOException e) {
            // the parent is gone: stop as well
          }
          stop.set(true);
          resume.release();
        });
    BooleanSupplier running = () -> !stop.get() && System.nanoTime() < deadline;
    long deleted = 0;
    while (running.getAsBoolean()) {
      Optional<Job> reserved;
      try {
        reserved = queue.reserve(pipeline, RESERVE_TIMEOUT);
      } catch (JobQueueException e) {
        say(out, "unavailable " + e.getClass().getSimpleName());
        Thread.sleep(RETRY_PAUSE); // not to spin while the backend is away
        continue;
      }
      if (reserved.isEmpty()) {
        continue;
      }
      Job job = reserved.get();
      String reservation = job.id() + " " + job.reserves();
      say(out, "reserved " + reservation);
      if (pause.getAndSet(false)) {
        // the parent cuts the network while this job is held and no delete of it has been sent
        say(out, "paused " + reservation);
        resume.acquire();
      }
      Thread.sleep(work);
      while (true) {
        try {
          queue.delete(job);
          say(out, "deleted " + reservation);
          deleted++;
          break;
        } catch (JobNotReservedException e) {
          say(out, "refused " + reservation);
          break;
        } catch (JobQueueException e) {
          say(out, "unknown " + reservation);
          if (!running.getAsBoolean()) {
            break;
          }
          Thread.sleep(RETRY_PAUSE);
        }
      }
    }
    say(out, "done " + deleted);
  }

  private static void addUnique(JobQueue queue, String pipeline, int threads, PrintStream out)
      throws Exception {
    awaitGo(out);
    UniqueAdders.Result result =
        UniqueAdders.race(queue.selectPipeline(pipeline), threads, UniqueAdders.KEYS);
    say(out, "added " + result.added());
  }

  private static void hold(JobQueue queue, String pipeline, int count, PrintStream out)
      throws InterruptedException {
    say(out, "ready");
    for (int i = 0; i < count; i++) {
      Job job =
          queue
              .reserve(pipeline, Duration.ofSeconds(30))
              .orElseThrow(() ->
                  new IllegalStateException(
                      "pipeline '" + pipeline + "' had no ready job to hold"));
      say(out, "held " + job.id());
    }
    say(out, "holding " + count);
    // Held until the parent kills this process: the point of the test is that nothing is finished.
    Thread.sleep(Duration.ofMinutes(10));
  }

  private static void work(Worker.Builder worker, PrintStream out) throws InterruptedException {
    Worker started = worker.build().start();
    say(out, "working " + started.id());
    // Works until the parent kills this process: the point of the test is what a kill leaves
    // behind.
    Thread.sleep(Duration.ofMinutes(10));
  }

  /** A handler that works for {@code work}, then appends its job's id as a line to {@code file}. */
  static JobHandler recording(Path file, Duration work) {
    return ctx -> {
      Thread.sleep(work);
      // one small write in append mode: the line is whole and with the operating system when the
      // handler returns
      Files.write(
          file,
          (ctx.job().id() + "\n").getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    };
  }

  private static void say(PrintStream out, String message) {
    synchronized (out) {
      out.println(PREFIX + message);
      out.flush();
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing argument --" + name + "=...");
    }
    return value;
  }
}

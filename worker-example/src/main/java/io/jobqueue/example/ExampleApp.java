package io.jobqueue.example;

import io.jobqueue.JobQueueException;
import io.jobqueue.spi.Checks;
import io.jobqueue.worker.StopSignals;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The example program: {@code worker} runs one pipeline's example worker until SIGTERM, {@code
 * produce} adds example jobs, {@code scheduler} enqueues the ticks of a schedule file until
 * SIGTERM, {@code demo} runs a worker and a producer on embedded SQLite.
 *
 * <pre>
 * java -jar job-queue-worker-example.jar worker --url jdbc:sqlite:jobs.db \
 *     --pipeline send_important_emails --concurrency 4
 * </pre>
 *
 * Exit status: 0 after a normal end or a graceful stop (SIGTERM, SIGINT), 2 for bad arguments, a
 * wrong backend URL or (produce, demo) a backend that does not answer, with one line on stderr and
 * no stack trace; 1 for anything else, and for a worker whose stop outlived its stop deadline. The
 * worker waits for a backend that does not answer instead.
 */
@Command(
    name = "job-queue-worker-example",
    mixinStandardHelpOptions = true,
    versionProvider = ExampleApp.Version.class,
    subcommands = {
      WorkerCommand.class,
      ProduceCommand.class,
      SchedulerCommand.class,
      DemoCommand.class
    },
    description = "Example jobqueue workers, producer, scheduler and demo.")
public final class ExampleApp implements Runnable {

  /** Bad arguments, bad URL, backend unreachable. */
  static final int EXIT_USAGE = 2;

  /**
   * What the running command does on SIGTERM or SIGINT before the program exits 0; nothing by
   * default.
   */
  private static volatile Runnable onStopSignal = () -> {};

  public static void main(String[] args) {
    // First of all, before logging and picocli start: a stop in the first moments also exits 0.
    StopSignals.exitAfter(() -> onStopSignal.run());
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Sets what a SIGTERM or SIGINT does before the program exits with status 0. */
  static void onStopSignal(Runnable stop) {
    onStopSignal = stop;
  }

  /** Runs the program with these streams and returns its exit status; the demo test calls this. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ExampleApp());
    // for every command's Duration options: 250ms, 5s, 2m, 1h or PT5S, as bin/jobqueue reads them
    cli.registerConverter(
        Duration.class,
        text -> {
          try {
            return Checks.parseDuration(text);
          } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
          }
        });
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + e.getMessage() + " (see --help)");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof JobQueueException) {
        err.println("error: " + e.getMessage());
        return EXIT_USAGE;
      }
      throw e;
    });
    return cli.execute(args);
  }

  /** {@code --version}: the jar's version, and the Java that runs it. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ExampleApp.class.getPackage().getImplementationVersion();
      return new String[] {
        "job-queue-worker-example "
            + (version == null ? "(version unknown: not run from its jar)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "name a command: worker, produce, scheduler or demo");
  }
}

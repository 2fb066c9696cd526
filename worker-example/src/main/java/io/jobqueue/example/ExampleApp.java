package io.jobqueue.example;

import io.jobqueue.JobQueueException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
 * Exit status: 0 after a normal end or a graceful stop, 2 for bad arguments, a wrong backend URL
 * or a backend that does not answer (one line on stderr, no stack trace), 1 for anything else.
 */
@Command(
    name = "job-queue-worker-example",
    mixinStandardHelpOptions = true,
    subcommands = {WorkerCommand.class, ProduceCommand.class, SchedulerCommand.class, DemoCommand.class},
    description = "Example jobqueue workers, producer and demo.")
public final class ExampleApp implements Runnable {

  /** Bad arguments, bad URL, backend unreachable. */
  static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the program with these streams and returns its exit status; the demo test calls this. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ExampleApp());
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

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a command: worker, produce, scheduler or demo");
  }
}

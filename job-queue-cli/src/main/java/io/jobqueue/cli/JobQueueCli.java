package io.jobqueue.cli;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobNotFoundException;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobQueues;
import io.jobqueue.JobReservedException;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.spi.Checks;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code jobqueue} command: look at and change pipelines and jobs on any backend, and run
 * workers written in any language ({@code jobqueue work -- COMMAND}).
 *
 * <pre>
 * export JOBQUEUE_URL=jdbc:postgresql://127.0.0.1:5432/test?user=root
 * jobqueue stats
 * jobqueue list emails --state buried --limit 20
 * jobqueue kick emails
 * </pre>
 *
 * Exit status, for scripts: {@value #EXIT_OK} done; {@value #EXIT_REFUSED} the job or what was
 * asked for does not exist, or the backend refused (a reserved job, a job that is not buried or
 * delayed, something the backend cannot do); {@value #EXIT_USAGE} bad arguments, a wrong URL or a
 * backend that does not answer. Errors are one line on stderr.
 */
@Command(
    name = "jobqueue",
    // INHERIT: every command takes --help, e.g. jobqueue kick --help
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = JobQueueCli.Version.class,
    subcommands = {
      AdminCommands.Pipelines.class,
      StatsCommand.class,
      AdminCommands.Peek.class,
      AdminCommands.ListJobs.class,
      AdminCommands.Kick.class,
      AdminCommands.KickJob.class,
      AdminCommands.Delete.class,
      AdminCommands.Purge.class,
      AdminCommands.Pause.class,
      AdminCommands.Resume.class,
      LimitsCommand.class,
      AddCommand.class,
      MigrateCommand.class,
      HealthCommand.class,
      WorkCommand.class,
      ServeCommand.class
    },
    description = "Looks at and changes the pipelines and jobs of a jobqueue backend.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done",
      "1:not found, or refused by the backend",
      "2:bad usage, or the backend does not answer"
    })
public final class JobQueueCli implements Runnable {

  /** Done. */
  public static final int EXIT_OK = 0;

  /**
   * Not found, or refused (a reserved job, a job in the wrong state, unsupported by the backend).
   */
  public static final int EXIT_REFUSED = 1;

  /** Bad arguments, a wrong URL, or a backend that does not answer. */
  public static final int EXIT_USAGE = 2;

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:JOBQUEUE_URL}",
      description =
          "Backend URL, e.g. jdbc:sqlite:jobs.db, jdbc:postgresql://127.0.0.1:5432/test?user=root,"
              + " jdbc:mysql://root@127.0.0.1:3306/test or beanstalk://127.0.0.1:11300 (env JOBQUEUE_URL).")
  String url;

  @Option(
      names = "--table-prefix",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:JOBQUEUE_TABLE_PREFIX}",
      description =
          "SQL backends: the prefix of the tables (env JOBQUEUE_TABLE_PREFIX, default jobqueue_).")
  String tablePrefix;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print JSON for scripts instead of tables for people.")
  boolean json;

  private InputStream in = System.in;
  private PrintStream rawOut = System.out;

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs the command with these streams and returns its exit status; tests call this. {@code out}
   * also takes the raw bytes of {@code peek --raw}.
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    JobQueueCli cli = new JobQueueCli();
    cli.in = in;
    cli.rawOut = out;
    CommandLine commandLine = new CommandLine(cli).setCaseInsensitiveEnumValuesAllowed(true);
    // for every command's Duration options: 250ms, 5s, 2m, 1h or PT5S, as the example worker reads
    // them
    commandLine.registerConverter(
        Duration.class,
        text -> {
          try {
            return Checks.parseDuration(text);
          } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
          }
        });
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    PrintWriter errors = new PrintWriter(err, true, StandardCharsets.UTF_8);
    commandLine.setErr(errors);
    commandLine.setParameterExceptionHandler((e, a) -> {
      errors.println(
          "error: "
              + e.getMessage()
              + " (see "
              + e.getCommandLine().getCommandSpec().qualifiedName()
              + " --help)");
      return EXIT_USAGE;
    });
    commandLine.setExecutionExceptionHandler((e, c, parsed) -> {
      errors.println("error: " + message(e));
      return exitStatus(e);
    });
    return commandLine.execute(args);
  }

  /** The exit status for an error: refused or not found is 1, everything else 2. */
  static int exitStatus(Exception e) {
    if (e instanceof JobNotFoundException
        || e instanceof JobReservedException
        || e instanceof UnsupportedByBackendException
        || e instanceof Refused) {
      return EXIT_REFUSED;
    }
    return EXIT_USAGE;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this),
        "name a command: pipelines, stats, peek, list, kick, kick-job, delete, purge, pause, resume, limits, add, migrate, health,"
            + " work or serve");
  }

  /**
   * Opens the queue that {@code --url} names and asks it for its pipelines once, so that a wrong
   * URL or an unreachable server fails here with one clear message.
   */
  JobQueue open() {
    JobQueue queue = JobQueues.open(config());
    try {
      queue.pipelines();
      return queue;
    } catch (RuntimeException e) {
      queue.close();
      throw new BackendUnavailableException(
          "backend " + Checks.redact(url) + " does not answer: " + rootMessage(e), e);
    }
  }

  /** The configuration {@code --url} and {@code --table-prefix} describe. */
  JobQueueConfig config() {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "no backend URL: give --url or set JOBQUEUE_URL, e.g. jdbc:sqlite:jobs.db");
    }
    JobQueueConfig.Builder config = JobQueueConfig.builder(url);
    if (tablePrefix != null && !tablePrefix.isBlank()) {
      config.property("tablePrefix", tablePrefix);
    }
    return config.build();
  }

  /** Where the command's output goes. */
  Output output(CommandLine.Model.CommandSpec spec) {
    return new Output(spec.commandLine().getOut(), rawOut, json);
  }

  /** Standard input: the payload of {@code add}. */
  InputStream in() {
    return in;
  }

  /** What the user can do: the refused request; exit status 1. */
  static final class Refused extends JobQueueException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * INFO logs for the long-running commands (work, serve), unless JOBQUEUE_LOG_LEVEL says
   * otherwise: the other commands print results and keep logs to warnings; a server's or a worker's
   * log is its output.
   */
  static void logLifecycle() {
    if (System.getenv("JOBQUEUE_LOG_LEVEL") == null) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.jobqueue"))
          .setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = JobQueueCli.class.getPackage().getImplementationVersion();
      return new String[] {"jobqueue " + (version == null ? "development" : version)};
    }
  }
}

package io.jobqueue.cli;

import io.jobqueue.JobQueue;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.spi.Checks;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Brings an SQL backend's tables up to date, or with {@code --print} prints the SQL that does, for
 * a DBA to run before workers open the queue with {@code migrate=false}.
 */
@Command(
    name = "migrate",
    description =
        "Creates or updates an SQL backend's tables; --print shows the SQL instead, for a DBA.")
final class MigrateCommand implements Callable<Integer> {

  @ParentCommand JobQueueCli cli;

  @Spec CommandSpec spec;

  @Option(
      names = "--print",
      description = "Print the SQL for the --url's database without connecting.")
  boolean print;

  @Override
  public Integer call() {
    String url = cli.config().url();
    String prefix =
        cli.config()
            .property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, JdbcJobQueue.DEFAULT_TABLE_PREFIX);
    if (!url.startsWith("jdbc:")) {
      throw new JobQueueCli.Refused(
          Checks.redact(url) + " is not an SQL backend; it has no tables to migrate");
    }
    Output out = cli.output(spec);
    if (print) {
      String sql = JdbcJobQueue.migrationSql(url, prefix);
      out.print(Map.of("sql", sql), sql.stripTrailing());
      return JobQueueCli.EXIT_OK;
    }
    try (JobQueue queue = cli.open()) {
      out.print(
          Map.of("tablePrefix", prefix, "upToDate", true),
          "the tables " + prefix + "* of " + Checks.redact(url) + " are up to date");
    }
    return JobQueueCli.EXIT_OK;
  }
}

package io.jobqueue.jdbc;

import io.jobqueue.JobQueueException;
import io.jobqueue.NewJob;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds jobs: on the queue's connections, committed, or on the caller's, inside the caller's
 * transaction. Where the dialect groups adds, single jobs that threads add at the same moment share
 * a transaction (and its fsync); each caller still returns only once its own job is committed.
 */
final class Inserter {

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Waiters waiters;
  private final Grouped<Add, Long> adds = new Grouped<>(this::addGroup);

  Inserter(Connector connector, SqlDialect dialect, SqlStatements sql, Waiters waiters) {
    this.connector = connector;
    this.dialect = dialect;
    this.sql = sql;
    this.waiters = waiters;
  }

  /** Adds one job and commits; wakes this queue's waiting reserves. */
  long add(String pipeline, NewJob job) {
    long id =
        dialect.capabilities().groupsAdds()
            ? adds.run(new Add(pipeline, job))
            : addNow(pipeline, List.of(job)).get(0);
    waiters.wakeAll();
    return id;
  }

  /** Adds jobs to one pipeline in one transaction; wakes this queue's waiting reserves. */
  List<Long> addAll(String pipeline, List<NewJob> jobs) {
    List<Long> ids = addNow(pipeline, jobs);
    waiters.wakeAll();
    return ids;
  }

  /**
   * Adds jobs on the caller's connection, in its transaction, which is left as it was; reserves see
   * them once the caller commits.
   */
  List<Long> addOn(Connection connection, String pipeline, List<NewJob> jobs) {
    try {
      return insert(connection, pipeline, jobs);
    } catch (SqlFailure e) {
      throw connector.failure("add " + jobs.size() + " jobs to pipeline '" + pipeline + "'", e);
    }
  }

  /**
   * Adds jobs to one pipeline; one job without BEGIN and COMMIT, since one statement commits
   * itself.
   */
  private List<Long> addNow(String pipeline, List<NewJob> jobs) {
    return connector.connect(
        "add " + jobs.size() + " jobs to pipeline '" + pipeline + "'",
        c ->
            jobs.size() == 1
                ? dialect.write(c, tx -> insert(tx, pipeline, jobs))
                : dialect.inTransaction(c, tx -> insert(tx, pipeline, jobs)));
  }

  /** Adds a group of single jobs from several callers in one transaction. */
  private List<Long> addGroup(List<Add> group) {
    if (group.size() == 1) {
      return addNow(group.get(0).pipeline(), List.of(group.get(0).job()));
    }
    return connector.connect(
        "add " + group.size() + " jobs",
        c ->
            dialect.inTransaction(
                c,
                tx -> {
                  List<Long> ids = new ArrayList<>(group.size());
                  int from = 0;
                  while (from < group.size()) {
                    String pipeline = group.get(from).pipeline();
                    int to = from + 1;
                    while (to < group.size() && group.get(to).pipeline().equals(pipeline)) {
                      to++;
                    }
                    ids.addAll(
                        insert(
                            tx, pipeline, group.subList(from, to).stream().map(Add::job).toList()));
                    from = to;
                  }
                  return ids;
                }));
  }

  private List<Long> insert(Connection connection, String pipeline, List<NewJob> jobs) {
    List<Long> ids =
        jobs.size() == 1
            ? SqlDialect.addEach(connection, sql, pipeline, jobs, PlainSql.RETURNING_ID, false)
            : dialect.addAll(connection, sql, pipeline, jobs);
    if (ids.size() != jobs.size()) {
      throw new JobQueueException(
          connector.description()
              + ": the database returned "
              + ids.size()
              + " ids for "
              + jobs.size()
              + " jobs added to pipeline '"
              + pipeline
              + "'");
    }
    return ids;
  }

  /** One job that one caller adds. */
  private record Add(String pipeline, NewJob job) {}
}

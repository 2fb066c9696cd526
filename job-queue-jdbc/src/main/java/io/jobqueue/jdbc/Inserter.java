package io.jobqueue.jdbc;

import io.jobqueue.AddResult;
import io.jobqueue.JobQueueException;
import io.jobqueue.NewJob;
import io.jobqueue.UniqueKey;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds jobs: on the queue's connections, committed, or on the caller's, inside the caller's
 * transaction. Where the dialect groups adds, single jobs that threads add at the same moment share
 * a transaction (and its fsync); each caller still returns only once its own job is committed.
 *
 * <p>A job with a {@link UniqueKey} is inserted on its own statement whose unique index refuses it
 * while another job holds the key; then the holder's id is read in the same transaction.
 */
final class Inserter {

  private final Connector connector;
  private final SqlDialect dialect;
  private final SqlStatements sql;
  private final Waiters waiters;

  /**
   * How often an add with a unique key is tried when the key's holder lets it go between the insert
   * and the read; each such try means another transaction committed meanwhile.
   */
  private static final int MAX_UNIQUE_TRIES = 100;

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
            : addNow(pipeline, List.of(job)).get(0).id();
    waiters.wakeAll();
    return id;
  }

  /**
   * Adds one job with a unique key and commits, or returns the id of the job that holds the key;
   * wakes this queue's waiting reserves.
   */
  AddResult addUnique(String pipeline, NewJob job) {
    AddResult result =
        connector.connect(
            "add a unique job to pipeline '" + pipeline + "'",
            c -> dialect.inTransaction(c, tx -> insertUnique(tx, pipeline, job)));
    if (result.added()) {
      waiters.wakeAll();
    }
    return result;
  }

  /** Adds jobs to one pipeline in one transaction; wakes this queue's waiting reserves. */
  List<AddResult> addAll(String pipeline, List<NewJob> jobs) {
    List<AddResult> results = addNow(pipeline, jobs);
    waiters.wakeAll();
    return results;
  }

  /**
   * Adds jobs on the caller's connection, in its transaction, which is left as it was; reserves see
   * them once the caller commits.
   */
  List<AddResult> addOn(Connection connection, String pipeline, List<NewJob> jobs) {
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
  private List<AddResult> addNow(String pipeline, List<NewJob> jobs) {
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
      return List.of(addNow(group.get(0).pipeline(), List.of(group.get(0).job())).get(0).id());
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
                    insert(tx, pipeline, group.subList(from, to).stream().map(Add::job).toList())
                        .forEach(result -> ids.add(result.id()));
                    from = to;
                  }
                  return ids;
                }));
  }

  /** The jobs' results in order; only a job with a unique key can be an existing one. */
  private List<AddResult> insert(Connection connection, String pipeline, List<NewJob> jobs) {
    if (jobs.stream().anyMatch(job -> job.options().unique() != null)) {
      return insertEach(connection, pipeline, jobs);
    }
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
    return ids.stream().map(id -> new AddResult(id, true)).toList();
  }

  /**
   * Inserts jobs one after the other, so that a key repeated in the batch finds the earlier job
   * that holds it.
   */
  private List<AddResult> insertEach(Connection connection, String pipeline, List<NewJob> jobs) {
    List<AddResult> results = new ArrayList<>(jobs.size());
    for (NewJob job : jobs) {
      results.add(
          job.options().unique() == null
              ? new AddResult(
                  SqlDialect.addEach(
                          connection, sql, pipeline, List.of(job), PlainSql.RETURNING_ID, false)
                      .get(0),
                  true)
              : insertUnique(connection, pipeline, job));
    }
    return results;
  }

  /**
   * Clears the key of a job whose window passed, inserts the job unless the unique index refuses
   * it, and else reads the holder's id. When the holder lost the key between the insert and the
   * read (reserved, buried, deleted), the insert is tried again: each try that finds no holder
   * follows a commit of another transaction, so this ends; {@link #MAX_UNIQUE_TRIES} bounds it
   * anyway.
   */
  private AddResult insertUnique(Connection connection, String pipeline, NewJob job) {
    UniqueKey unique = job.options().unique();
    String action =
        "add a job with unique key '" + unique.key() + "' to pipeline '" + pipeline + "'";
    for (int tries = 1; tries <= MAX_UNIQUE_TRIES; tries++) {
      PlainSql.of(action, sql.get("unique-expire"))
          .bind("pipeline", pipeline)
          .bind("unique_key", unique.key())
          .update(connection);
      PlainSql add =
          SqlDialect.bindJob(PlainSql.of(action, sql.get("add-unique")), pipeline, job)
              .bind("unique_key", unique.key())
              .bind("window_ms", PlainSql.millis(unique.window()))
              .bind("while_reserved", unique.whileReserved() ? 1 : 0);
      boolean inserted = add.update(connection) == 1;
      Long holder =
          PlainSql.of(action, sql.get("unique-holder"))
              .bind("pipeline", pipeline)
              .bind("unique_key", unique.key())
              .number(connection);
      if (holder != null) {
        return new AddResult(holder, inserted);
      }
      if (inserted) {
        throw new JobQueueException(
            connector.description()
                + ": the job just added with unique key '"
                + unique.key()
                + "' to pipeline '"
                + pipeline
                + "' cannot be read back");
      }
    }
    throw new JobQueueException(
        connector.description()
            + ": cannot "
            + action
            + ": "
            + MAX_UNIQUE_TRIES
            + " times the key was held at the insert and free at the read; nothing was added");
  }

  /** One job that one caller adds. */
  private record Add(String pipeline, NewJob job) {}
}

package io.jobqueue.jdbc;

import java.time.Duration;

/**
 * What the shared classes need to know of a database, beyond the operations its dialect owns.
 *
 * @param notifiesJobs the database announces new and returned jobs ({@code LISTEN}/{@code NOTIFY}),
 *     so a waiting reserve sleeps until then, or until a job comes due, instead of polling
 * @param groupsAdds single adds from several threads at once share one transaction: where writers
 *     take turns anyway (SQLite) that saves a commit per job; where they run in parallel
 *     (PostgreSQL, MySQL) it made one-per-call adds 35% slower by putting them in line
 * @param pollInterval how long a waiting reserve sleeps before it asks the database again
 * @param defaultPoolSize connections for a queue opened by URL when {@code poolSize} is not set
 * @param driverArtifact the Maven coordinates of the JDBC driver, which the application adds: this
 *     module brings none
 */
record DialectCapabilities(
    boolean notifiesJobs,
    boolean groupsAdds,
    Duration pollInterval,
    int defaultPoolSize,
    String driverArtifact) {}

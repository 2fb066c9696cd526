/**
 * The SQL backend: {@link io.jobqueue.jdbc.JdbcJobQueue} for PostgreSQL, MySQL/MariaDB and SQLite.
 * The dialects and the parts behind the facade are package-private; the JDBC drivers are the
 * application's to add, so none is required here.
 */
module io.jobqueue.jdbc {
  requires transitive io.jobqueue;
  requires transitive java.sql;
  requires transitive org.jdbi.v3.core;
  requires com.zaxxer.hikari;
  // Jdbi is an automatic module, which brings none of its dependencies to the module graph: without
  // this, opening a queue on the module path fails with NoClassDefFoundError GenericTypeReflector
  requires io.leangen.geantyref;
  requires org.slf4j;

  exports io.jobqueue.jdbc;

  provides io.jobqueue.spi.JobQueueProvider with
      io.jobqueue.jdbc.JdbcJobQueueProvider;
}

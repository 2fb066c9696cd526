package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schema is created once, by whichever of several openers gets the lock, and can be printed.
 */
class MigrationsTest {

  private static final int OPENERS = 4;

  @TempDir static Path dir;

  @ParameterizedTest
  @EnumSource(Database.class)
  void openingAgainChangesNothing(Database database) throws Exception {
    String prefix = Database.randomPrefix();
    try {
      for (int i = 0; i < 2; i++) {
        try (JdbcJobQueue queue = open(database, prefix, true)) {
          queue.selectPipeline(Database.randomPipeline()).addText("x");
        }
      }
      assertThat(versions(database, prefix)).containsExactlyElementsOf(allVersions());
    } finally {
      database.dropTables(dir, prefix);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void severalOpenersAtOnceMigrateOnce(Database database) throws Exception {
    String prefix = Database.randomPrefix();
    ExecutorService pool = Executors.newFixedThreadPool(OPENERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> opened = new ArrayList<>();
      for (int i = 0; i < OPENERS; i++) {
        opened.add(
            pool.submit(() -> {
              start.await();
              try (JdbcJobQueue queue = open(database, prefix, true)) {
                return queue.selectPipeline(Database.randomPipeline()).addText("x");
              }
            }));
      }
      start.countDown();
      for (Future<Long> id : opened) {
        assertThat(id.get()).isPositive();
      }
      assertThat(versions(database, prefix)).containsExactlyElementsOf(allVersions());
    } finally {
      pool.shutdownNow();
      database.dropTables(dir, prefix);
    }
  }

  /**
   * The first start of several workers: switching a new file to WAL and migrating wait their turn.
   */
  @Test
  void severalOpenersOfANewSqliteFileAllOpen() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(OPENERS);
    try {
      for (int round = 0; round < 5; round++) {
        String url = "jdbc:sqlite:" + dir.resolve("new-" + Database.randomPrefix() + ".db");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> opened = new ArrayList<>();
        for (int i = 0; i < OPENERS; i++) {
          opened.add(
              pool.submit(() -> {
                start.await();
                try (JdbcJobQueue queue = JdbcJobQueue.open(JobQueueConfig.of(url))) {
                  return queue.selectPipeline(Database.randomPipeline()).addText("x");
                }
              }));
        }
        start.countDown();
        for (Future<Long> id : opened) {
          assertThat(id.get()).as("round %d", round).isPositive();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void withoutMigrationsTheQueueRefusesMissingTablesAndAcceptsTheScriptADbaRan(Database database)
      throws Exception {
    String prefix = Database.randomPrefix();
    try {
      assertThatThrownBy(() -> open(database, prefix, false))
          .isInstanceOf(JobQueueException.class)
          .hasMessageContaining("schema version 0")
          .hasMessageContaining("migrationSql");

      String script = JdbcJobQueue.migrationSql(database.url(dir), prefix);
      try (Connection connection = database.connect(dir);
          Statement statement = connection.createStatement()) {
        for (String sql : Migrations.statements(script)) {
          statement.execute(sql);
        }
      }
      try (JdbcJobQueue queue = open(database, prefix, false)) {
        String pipeline = Database.randomPipeline();
        long id = queue.selectPipeline(pipeline).addText("after the DBA");
        assertThat(queue.peek(id)).isPresent();
      }
      assertThat(versions(database, prefix)).containsExactlyElementsOf(allVersions());
    } finally {
      database.dropTables(dir, prefix);
    }
  }

  @Test
  void postgresVacuumsTheJobsTableOnceAThousandRowsAreDead() throws Exception {
    String prefix = Database.randomPrefix();
    try {
      open(Database.POSTGRES, prefix, true).close();
      try (Connection connection = Database.POSTGRES.connect(dir);
          Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = '"
                      + prefix
                      + "jobs'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1))
            .contains("autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=1000");
      }
    } finally {
      Database.POSTGRES.dropTables(dir, prefix);
    }
  }

  @Test
  void theScriptForADbaHasThePrefixInEveryNameAndNoPlaceholder() {
    for (String name : List.of("postgres", "mysql", "mariadb", "sqlite")) {
      String script = JdbcJobQueue.migrationSql(name, "shop_");
      assertThat(script)
          .as(name)
          .contains("CREATE TABLE IF NOT EXISTS shop_schema_version")
          .contains("CREATE TABLE shop_jobs")
          .contains("CREATE TABLE shop_pipelines")
          .contains(
              "INSERT INTO shop_schema_version (version, name) VALUES (1, 'V1__create_tables');")
          .doesNotContain("<prefix>")
          .doesNotContain("jobqueue_");
    }
    assertThat(JdbcJobQueue.migrationSql("jdbc:postgresql://db/x", "shop_"))
        .contains("CREATE INDEX shop_jobs_reserve");
  }

  @Test
  void theScriptNeedsAKnownDatabaseAndAValidPrefix() {
    assertThatThrownBy(() -> JdbcJobQueue.migrationSql("oracle", "shop_"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres, mysql, mariadb, sqlite");
    assertThatThrownBy(() -> JdbcJobQueue.migrationSql("postgres", "Shop; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a-z][a-z0-9_]{0,30}");
  }

  @Test
  void statementsSplitAtLineEndsButNotInCommentsOrFunctionBodies() {
    String script =
        """
        -- a comment; with a semicolon;
        CREATE TABLE a (x INT);
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM 1;
        END
        $$;
        CREATE INDEX i ON a (x);
        """;
    assertThat(Migrations.statements(script))
        .hasSize(3)
        .satisfies(s -> assertThat(s.get(1)).contains("PERFORM 1;").endsWith("$$"));
  }

  private static JdbcJobQueue open(Database database, String prefix, boolean migrate) {
    return JdbcJobQueue.open(
        database
            .config(dir)
            .property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, prefix)
            .property(JdbcJobQueue.PROPERTY_MIGRATE, String.valueOf(migrate))
            .property(JdbcJobQueue.PROPERTY_POOL_SIZE, "2")
            .build());
  }

  private static List<Integer> versions(Database database, String prefix) throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (Connection connection = database.connect(dir);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT version FROM " + prefix + "schema_version ORDER BY version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  /** Every migration's version, 1 to the number of migrations. */
  private static List<Integer> allVersions() {
    return IntStream.rangeClosed(1, Migrations.ALL.size()).boxed().toList();
  }
}

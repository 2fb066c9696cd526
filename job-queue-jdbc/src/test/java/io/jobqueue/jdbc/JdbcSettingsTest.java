package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings are checked before anything connects; the table prefix is the only text put into SQL.
 */
class JdbcSettingsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Jobs_",
        "1jobs",
        "_jobs",
        "jobs-",
        "jobs;drop table x",
        "a b",
        "jöbs",
        "abcdefghijklmnopqrstuvwxyz_abcde"
      })
  void anInvalidTablePrefixIsRejectedNamingTheRule(String prefix) {
    JobQueueConfig config =
        JobQueueConfig.builder("jdbc:sqlite:unused.db")
            .property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, prefix)
            .build();
    assertThatThrownBy(() -> JobQueues.open(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tablePrefix")
        .hasMessageContaining("[a-z][a-z0-9_]{0,30}");
    assertThatThrownBy(() ->
            JdbcJobQueue.builder()
                .dataSource(new org.sqlite.SQLiteDataSource())
                .tablePrefix(prefix)
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a-z][a-z0-9_]{0,30}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "jobqueue_", "shop2_jobs_", "abcdefghijklmnopqrstuvwxyz_abcd"})
  void aValidTablePrefixIsAccepted(String prefix) {
    assertThat(JdbcSettings.checkTablePrefix(prefix)).isEqualTo(prefix);
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    JdbcSettings settings = JdbcSettings.from(JobQueueConfig.of("jdbc:sqlite:x.db"));
    assertThat(settings.tablePrefix()).isEqualTo(JdbcJobQueue.DEFAULT_TABLE_PREFIX);
    assertThat(settings.migrate()).isEqualTo(JdbcJobQueue.DEFAULT_MIGRATE);
    assertThat(settings.synchronous()).isEqualTo(JdbcJobQueue.DEFAULT_SYNCHRONOUS);
    assertThat(settings.poolSize(SqlDialect.named("sqlite")))
        .isEqualTo(JdbcJobQueue.DEFAULT_SQLITE_POOL_SIZE);
    assertThat(settings.poolSize(SqlDialect.named("postgres")))
        .isEqualTo(JdbcJobQueue.DEFAULT_POOL_SIZE);
  }

  @Test
  void otherSettingsAreCheckedWithTheirRules() {
    assertThatThrownBy(() -> settings("migrate", "yes"))
        .hasMessageContaining("migrate must be true or false");
    assertThatThrownBy(() -> settings("poolSize", "-1")).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> settings("poolSize", "many")).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> settings("synchronous", "OFF"))
        .hasMessageContaining("FULL")
        .hasMessageContaining("NORMAL");
    assertThatThrownBy(() -> settings("tablePrefx", "a_"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'tablePrefx'")
        .hasMessageContaining("tablePrefix");
    assertThat(settings("synchronous", "normal").synchronous()).isEqualTo("NORMAL");
    assertThat(settings("poolSize", "3").poolSize(SqlDialect.named("mysql"))).isEqualTo(3);
  }

  private static JdbcSettings settings(String name, String value) {
    return JdbcSettings.from(
        JobQueueConfig.builder("jdbc:sqlite:x.db").property(name, value).build());
  }
}

package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueues;
import io.jobqueue.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A malformed URL is bad input, rejected before any driver sees it; a host that does not resolve is
 * an unreachable backend whose message says so. Host names under {@code .invalid} never resolve
 * (the testkit's resolver answers them without DNS), so nothing leaves the machine.
 */
class JdbcUrlTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://127.0.0.1:abc/test                 | port 'abc' of host '127.0.0.1' is not a number from 1 to 65535",
        "jdbc:postgresql://127.0.0.1:0/test?user=root         | port '0' of host '127.0.0.1'",
        "jdbc:postgresql://127.0.0.1:65536/test               | port '65536' of host '127.0.0.1'",
        "jdbc:postgresql://127.0.0.1:/test                    | port '' of host '127.0.0.1'",
        "jdbc:postgresql://127.0.0.1:5432,localhost:x/test    | port 'x' of host 'localhost'",
        "jdbc:postgresql://[::1]:abc/test                     | port 'abc' of host '[::1]'",
        "jdbc:postgresql://127.0.0.1:5432?user=root           | a '/' and the database name must follow the host and port",
        "jdbc:mysql://root:secret@127.0.0.1:abc/test          | port 'abc' of host '127.0.0.1'",
        "jdbc:mysql://127.0.0.1:3306x?user=root               | port '3306x' of host '127.0.0.1'",
        "jdbc:mariadb://root@127.0.0.1:99999/test             | port '99999' of host '127.0.0.1'"
      })
  void aMalformedUrlIsBadInputSayingWhatIsWrongAndWhatIsAllowed(String url, String problem) {
    List<LogRecord> julRecords = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            julRecords.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(handler);
    try {
      assertThatThrownBy(() -> JobQueues.open(url))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid JDBC URL '" + Checks.redact(url) + "': " + problem)
          .hasMessageContaining(
              "; the form is jdbc:"
                  + (url.startsWith("jdbc:postgresql") ? "postgresql" : "mysql")
                  + "://")
          .hasMessageContaining("port 1 to 65535")
          .hasMessageNotContaining("secret");
    } finally {
      root.removeHandler(handler);
    }
    assertThat(julRecords).as("warnings a driver printed through java.util.logging").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:5432/test?user=root",
        "jdbc:postgresql://127.0.0.1/test",
        "jdbc:postgresql:///test",
        "jdbc:postgresql://[::1]:5432/test",
        "jdbc:postgresql://host1,host2:5433/test?targetServerType=primary",
        "jdbc:postgresql:test",
        "jdbc:mysql://root:pw@127.0.0.1:3306/test",
        "jdbc:mysql://127.0.0.1:3306?user=root",
        "jdbc:mysql://127.0.0.1",
        "jdbc:mysql://address=(host=127.0.0.1)(port=3306)/test",
        "jdbc:mysql://root:pw@[host1:3306,host2:3307]/test",
        "jdbc:mysql:loadbalance://host1:3306,host2:3307/test",
        "jdbc:mariadb://[::1]:3306/test",
        "jdbc:sqlite::memory:",
        "jdbc:sqlite:file::memory:?cache=shared",
        "jdbc:sqlite:file:memdb1?mode=memory&cache=shared"
      })
  void theDriversFormsPassTheCheck(String url) {
    assertThatCode(() -> JdbcUrl.check(url)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://nohost.invalid:5432/test?user=root&password=secret",
        "jdbc:mysql://root:secret@nohost.invalid:3306/test",
        "jdbc:mariadb://nohost.invalid/test?user=root&password=secret"
      })
  void anUnknownHostSaysItCouldNotBeResolvedWithTheUrlRedacted(String url) {
    assertThatThrownBy(() -> JobQueues.open(url))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageStartingWith("cannot connect to " + Checks.redact(url) + ": ")
        .hasMessageContaining(
            "the host name could not be resolved to an address (unknown host nohost.invalid)")
        .hasMessageContaining("***")
        .hasMessageNotContaining("secret");
  }

  @Test
  void aUrlNoDriverAcceptsIsBadInput() {
    assertThatThrownBy(() -> JobQueues.open("jdbc:mysql:foo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no JDBC driver accepts the URL 'jdbc:mysql:foo': check its form");
  }
}

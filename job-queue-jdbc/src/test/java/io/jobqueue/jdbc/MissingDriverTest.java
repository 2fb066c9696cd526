package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * job-queue-jdbc brings no JDBC driver: an application without the one for its database is told
 * which to add.
 */
class MissingDriverTest {

  @TempDir static Path dir;

  @Test
  void openingWithoutTheDriverNamesTheArtifactToAdd() throws Exception {
    URL[] withoutSqliteDriver =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("sqlite-jdbc"))
            .map(MissingDriverTest::url)
            .toArray(URL[]::new);
    try (URLClassLoader application =
        new URLClassLoader(withoutSqliteDriver, ClassLoader.getPlatformClassLoader())) {
      Class<?> config = application.loadClass("io.jobqueue.JobQueueConfig");
      Object sqlite =
          config
              .getMethod("of", String.class)
              .invoke(null, "jdbc:sqlite:" + dir.resolve("jobs.db"));
      Class<?> queue = application.loadClass(JdbcJobQueue.class.getName());

      Throwable thrown = catchThrowable(() -> queue.getMethod("open", config).invoke(null, sqlite));

      assertThat(thrown).isInstanceOf(InvocationTargetException.class);
      assertThat(thrown.getCause().getClass().getName()).isEqualTo("io.jobqueue.JobQueueException");
      assertThat(thrown.getCause())
          .hasMessageContaining("jobs.db")
          .hasMessageContaining("no JDBC driver")
          .hasMessageContaining("add org.xerial:sqlite-jdbc");
    }
  }

  private static URL url(String classPathEntry) {
    try {
      return Path.of(classPathEntry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(classPathEntry, e);
    }
  }
}

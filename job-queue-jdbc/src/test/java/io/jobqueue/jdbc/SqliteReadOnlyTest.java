package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SQLite database the process cannot write fails at open, before SQLite creates its {@code -wal}
 * and {@code -shm} files, with a message that says what is read-only.
 *
 * <p>The tests run as root, for whom {@code chmod a-w} stops nothing: a file is made read-only with
 * {@code chmod a-w} and, where that leaves it writable, with {@code chattr +i} (immutable, refused
 * even to root on ext4, xfs and btrfs). The directory is under {@code target/}, on the disk of the
 * checkout, because tmpfs has no immutable flag.
 */
class SqliteReadOnlyTest {

  private final List<Path> readOnly = new ArrayList<>();
  private Path dir;
  private Path db;

  @BeforeEach
  void createDatabase() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "sqlite-read-only-").toAbsolutePath();
    db = dir.resolve("jobs.db");
    try (JobQueue queue = JobQueues.open("jdbc:sqlite:" + db)) {
      queue.selectPipeline("kept").addText("before");
    }
    assertThat(names(dir))
        .containsExactly("jobs.db"); // the last close checkpoints and removes -wal, -shm
  }

  @AfterEach
  void undoReadOnlyAndDelete() throws IOException, InterruptedException {
    for (Path path : readOnly.reversed()) {
      run("chattr", "-i", path.toString());
      Files.setPosixFilePermissions(path, permissions(path, "rwxr-xr-x", "rw-r--r--"));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void aReadOnlyFileFailsAtOpenAndLeavesNoFilesBehind() throws Exception {
    makeReadOnly(db);

    assertThatThrownBy(() -> JobQueues.open("jdbc:sqlite:" + db))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SQLite database "
                + db
                + " is read-only, but a queue writes to its database: make the file"
                + " writable for this process, or name another file");
    assertThat(names(dir)).containsExactly("jobs.db");
  }

  @Test
  void aReadOnlyDirectoryFailsAtOpenNamingTheDirectory() throws Exception {
    makeReadOnly(dir);

    assertThatThrownBy(() -> JobQueues.open("jdbc:sqlite:" + db))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the directory " + dir + " of SQLite database jobs.db is read-only")
        .hasMessageContaining("jobs.db-wal and jobs.db-shm");
    assertThatThrownBy(() -> JobQueues.open("jdbc:sqlite:" + dir.resolve("new.db")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the directory " + dir + " of SQLite database new.db is read-only");
    assertThat(names(dir)).containsExactly("jobs.db");
  }

  @Test
  void aUrlThatOpensTheFileReadOnlyFailsAtOpen() throws Exception {
    assertThatThrownBy(() -> JobQueues.open("jdbc:sqlite:file:" + db + "?mode=ro"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would be opened read-only (mode=ro)");
    assertThat(names(dir)).containsExactly("jobs.db");
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> JobQueues.open("jdbc:sqlite:" + missing.resolve("jobs.db")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "the directory of SQLite database " + missing.resolve("jobs.db") + " does not exist");
  }

  /**
   * chmod a-w, then chattr +i where chmod did not do it (root); fails unless the OS now refuses
   * writes.
   */
  private void makeReadOnly(Path path) throws IOException, InterruptedException {
    readOnly.add(path);
    Files.setPosixFilePermissions(path, permissions(path, "r-xr-xr-x", "r--r--r--"));
    String chattr = Files.isWritable(path) ? run("chattr", "+i", path.toString()) : "not needed";
    assertThat(Files.isWritable(path))
        .as(
            "%s is still writable after chmod a-w and chattr +i (%s): this test needs a file system with the"
                + " immutable flag and CAP_LINUX_IMMUTABLE, or a user other than root",
            path, chattr)
        .isFalse();
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return "exit " + process.waitFor() + (output.isEmpty() ? "" : ": " + output);
  }

  private static Set<PosixFilePermission> permissions(Path path, String directory, String file) {
    return PosixFilePermissions.fromString(Files.isDirectory(path) ? directory : file);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}

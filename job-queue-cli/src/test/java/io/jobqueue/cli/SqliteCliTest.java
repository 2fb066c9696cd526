package io.jobqueue.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

class SqliteCliTest extends CliContractTest {

  private static final Path DIR = tempDir();

  @Override
  protected String url() {
    return "jdbc:sqlite:" + DIR.resolve("jobs.db");
  }

  @Override
  protected String unreachableUrl() {
    return "jdbc:sqlite:" + DIR.resolve("no-such-dir").resolve("jobs.db");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("jobqueue-cli");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

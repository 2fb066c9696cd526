package io.jobqueue.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The handlers' own record of the jobs they processed: one job id per line in {@code
 * <dir>/<pipeline>-<pid>.ids}. Each line is written straight to the file (no buffer), so a process
 * killed with SIGKILL has recorded every job whose work it finished; the end-to-end tests compare
 * these files with the jobs that were added.
 */
final class ProcessedLog implements AutoCloseable {

  private final FileChannel file;

  private ProcessedLog(FileChannel file) {
    this.file = file;
  }

  static ProcessedLog open(Path dir, String pipeline) {
    try {
      Files.createDirectories(dir);
      String name =
          pipeline.replaceAll("[^A-Za-z0-9_.-]", "_")
              + "-"
              + ProcessHandle.current().pid()
              + ".ids";
      Path path = dir.resolve(name);
      return new ProcessedLog(
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the processed-jobs record in " + dir, e);
    }
  }

  synchronized void record(long jobId) throws IOException {
    ByteBuffer line = ByteBuffer.wrap((jobId + "\n").getBytes(StandardCharsets.US_ASCII));
    while (line.hasRemaining()) {
      file.write(line);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}

package io.jobqueue.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code jobqueue} command in this JVM, as a shell would run it, and keeps what it
 * printed.
 */
final class Cli {

  private final String url;

  Cli(String url) {
    this.url = url;
  }

  /** The result of one run: its exit status, standard output and standard error. */
  record Result(int status, byte[] stdout, String err) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + status + "\nstdout:\n" + out() + "\nstderr:\n" + err;
    }
  }

  /** Runs {@code jobqueue --url URL args...} with empty standard input. */
  Result run(String... args) {
    return runWithInput(new byte[0], args);
  }

  /** Runs {@code jobqueue --url URL args...} with these bytes on standard input. */
  Result runWithInput(byte[] stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--url", url));
    all.addAll(List.of(args));
    return runRaw(stdin, all.toArray(String[]::new));
  }

  /** Runs {@code jobqueue args...} exactly as given (no {@code --url}). */
  static Result runRaw(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        JobQueueCli.run(
            args,
            new ByteArrayInputStream(stdin),
            new PrintStream(out, true),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}

package io.jobqueue.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's README.md, read by the tests that keep what it shows true. */
final class Readme {

  /** Tests run in the module's directory; the README is at the root of the repository. */
  static final Path PATH = Path.of("..", "README.md");

  private Readme() {}

  /** The text under the heading {@code ## title}, up to the next heading of that level. */
  static String section(String title) {
    String text = read(PATH);
    String heading = "\n## " + title + "\n";
    int start = text.indexOf(heading);
    if (start < 0) {
      throw new AssertionError(PATH + " has no section '## " + title + "'");
    }
    int end = text.indexOf("\n## ", start + heading.length());
    return text.substring(start + heading.length(), end < 0 ? text.length() : end);
  }

  /**
   * The fenced code blocks of {@code language} (```java…```) in a section, in order, each ending
   * with a newline.
   */
  static List<String> codeBlocks(String title, String language) {
    Matcher block =
        Pattern.compile("(?ms)^```" + Pattern.quote(language) + "\\n(.*?)^```$")
            .matcher(section(title));
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /**
   * Fails unless README.md's section {@code title} holds one java block and it is the text of
   * {@code source} between the lines {@code // README-EXAMPLE-START} and {@code //
   * README-EXAMPLE-END}, less the markers' indentation, naming the first line that differs.
   */
  static void assertShowsExample(String title, Path source) {
    String text = read(source);
    Matcher marked =
        Pattern.compile("(?ms)^( *)// README-EXAMPLE-START\n(.*?)^ *// README-EXAMPLE-END$")
            .matcher(text);
    if (!marked.find()) {
      throw new AssertionError(source + " has no lines between // README-EXAMPLE-START and -END");
    }
    String indent = marked.group(1);
    List<String> compiled =
        marked
            .group(2)
            .lines()
            .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
            .toList();
    List<String> blocks = codeBlocks(title, "java");
    if (blocks.size() != 1) {
      throw new AssertionError(
          PATH + "'s '## " + title + "' has " + blocks.size() + " java blocks, not 1");
    }
    List<String> shown = blocks.getFirst().lines().toList();
    for (int i = 0; i < Math.max(shown.size(), compiled.size()); i++) {
      String readme = i < shown.size() ? shown.get(i) : "(end of block)";
      String example = i < compiled.size() ? compiled.get(i) : "(end marker)";
      if (!readme.equals(example)) {
        throw new AssertionError(
            String.format(
                "line %d of README.md's '## %s' example differs from %s between its markers:%n"
                    + "  README.md: %s%n  %s: %s%n"
                    + "The README shows the example the build runs: update whichever of the two is"
                    + " behind",
                i + 1, title, source.getFileName(), readme, source.getFileName(), example));
      }
    }
  }

  /**
   * Starts {@code main} as a user runs it: a JVM of its own in {@code dir} (so its {@code jobs.db}
   * is a new file there), its output to {@code output}.
   */
  static Process run(Class<?> main, Path dir, Path output) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

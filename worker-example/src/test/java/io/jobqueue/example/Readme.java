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

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

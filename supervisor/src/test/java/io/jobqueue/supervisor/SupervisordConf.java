package io.jobqueue.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The programs of a supervisord.conf, as the tests read them: each {@code [program:x]} section's
 * settings.
 */
record SupervisordConf(Map<String, Map<String, String>> programs) {

  private static final Pattern SECTION = Pattern.compile("^\\[program:([^]]+)]$");
  private static final Pattern SETTING = Pattern.compile("^([a-z_]+)\\s*=\\s*(.*)$");

  static SupervisordConf read(Path file) throws IOException {
    Map<String, Map<String, String>> programs = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : Files.readAllLines(file)) {
      Matcher section = SECTION.matcher(line.strip());
      Matcher setting = SETTING.matcher(line.strip());
      if (section.matches()) {
        current = new LinkedHashMap<>();
        programs.put(section.group(1), current);
      } else if (line.startsWith("[")) {
        current = null;
      } else if (current != null && setting.matches()) {
        current.put(setting.group(1), setting.group(2));
      }
    }
    return new SupervisordConf(programs);
  }

  /** The settings of {@code [program:name]}. */
  Map<String, String> program(String name) {
    Map<String, String> settings = programs.get(name);
    if (settings == null) {
      throw new IllegalArgumentException(
          "no [program:" + name + "] in supervisord.conf; there are " + programs.keySet());
    }
    return settings;
  }

  /** The value of {@code --name value} in a command line, if it is there. */
  static Optional<String> option(String command, String name) {
    Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "[ =](\\S+)").matcher(command);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}

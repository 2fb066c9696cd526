package io.jobqueue.beanstalkd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of beanstalkd: the status word, its arguments, and the data chunk that follows {@code
 * RESERVED}, {@code FOUND} and {@code OK} answers (empty otherwise).
 */
record Reply(String status, List<String> args, byte[] body) {

  /**
   * Whether answers with this status word are followed by a data chunk whose size is the last
   * argument.
   */
  static boolean hasBody(String status) {
    return status.equals("RESERVED") || status.equals("FOUND") || status.equals("OK");
  }

  /** Parses the first line of an answer, without its CRLF. */
  static Reply parseLine(String line) {
    String[] words = line.split(" ");
    return new Reply(words[0], List.of(words).subList(1, words.length), new byte[0]);
  }

  Reply withBody(byte[] data) {
    return new Reply(status, args, data);
  }

  boolean is(String word) {
    return status.equals(word);
  }

  /** The argument at {@code index} as a number, e.g. the id of {@code INSERTED <id>}. */
  long number(int index) {
    return Long.parseLong(args.get(index));
  }

  /**
   * The data chunk of a stats answer: a YAML dictionary of scalars, one {@code key: value} a line.
   */
  Map<String, String> dictionary() {
    // read from the bytes, line by line, into a map sized for stats-job's 20-odd keys: a reserve
    // reads one per job, so this is on the hot path
    Map<String, String> entries = HashMap.newHashMap(32);
    for (int start = 0, end; start < body.length; start = end + 1) {
      end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      for (int colon = start + 1; colon + 1 < end; colon++) {
        if (body[colon] == ':' && body[colon + 1] == ' ') {
          entries.put(ascii(start, colon), ascii(colon + 2, end).trim());
          break;
        }
      }
    }
    return entries;
  }

  /** The data chunk of a list-tubes answer: a YAML list, one {@code - name} a line. */
  List<String> list() {
    List<String> items = new ArrayList<>();
    for (String line : text().split("\n")) {
      if (line.startsWith("- ")) {
        items.add(line.substring(2).trim());
      }
    }
    return items;
  }

  @Override
  public String toString() {
    return args.isEmpty() ? status : status + " " + String.join(" ", args);
  }

  private String ascii(int from, int to) {
    return new String(body, from, to - from, StandardCharsets.US_ASCII);
  }

  private String text() {
    return new String(body, StandardCharsets.US_ASCII);
  }
}

package io.jobqueue.beanstalkd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    Map<String, String> entries = new LinkedHashMap<>();
    String text = text();
    for (int start = 0, end; start < text.length(); start = end + 1) {
      end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      int colon = text.indexOf(": ", start);
      if (colon > start && colon < end) {
        entries.put(text.substring(start, colon), text.substring(colon + 2, end).trim());
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

  private String text() {
    return new String(body, StandardCharsets.US_ASCII);
  }
}

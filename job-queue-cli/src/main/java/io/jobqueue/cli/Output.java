package io.jobqueue.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.Job;
import io.jobqueue.PipelineStats;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a command's result as a table or lines for people, or as one JSON document for scripts.
 */
final class Output {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PREVIEW_CHARS = 40;

  private final PrintWriter out;
  private final PrintStream raw;
  private final boolean json;

  Output(PrintWriter out, PrintStream raw, boolean json) {
    this.out = out;
    this.raw = raw;
    this.json = json;
  }

  /** Whether {@code --json} was given. */
  boolean json() {
    return json;
  }

  /**
   * Prints {@code value} as one line of JSON when {@code --json} was given, otherwise {@code text}.
   */
  void print(Object value, String text) {
    out.println(json ? toJson(value) : text);
    out.flush();
  }

  /** Prints rows under headers, columns aligned; numbers are right-aligned. */
  void table(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        boolean last = i == row.size() - 1;
        boolean number =
            !cell.isEmpty()
                && cell.chars()
                    .allMatch(c -> Character.isDigit(c) || c == '.' || c == '-' || c == '+');
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(number ? pad + cell : last ? cell : cell + pad);
        if (!last) {
          line.append("  ");
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** Writes bytes exactly as they are (for {@code peek --raw}). */
  void raw(byte[] bytes) {
    out.flush();
    raw.write(bytes, 0, bytes.length);
    raw.flush();
  }

  /** A job's fields for JSON; the payload as text when it is UTF-8, otherwise as base64. */
  static Map<String, Object> job(Job job) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", job.id());
    fields.put("pipeline", job.pipeline());
    fields.put("state", job.state().name().toLowerCase());
    fields.put("priority", job.priority());
    fields.put("ttrSeconds", job.ttr().toSeconds());
    fields.put("createdAt", job.createdAt().toString());
    fields.put("reserves", job.reserves());
    fields.put("attempts", job.attempts());
    fields.put("releases", job.releases());
    fields.put("timeouts", job.timeouts());
    fields.put("buries", job.buries());
    fields.put("kicks", job.kicks());
    fields.put("buryReason", job.buryReason());
    fields.put("payloadBytes", job.payload().length);
    String text = utf8(job.payload());
    if (text != null) {
      fields.put("payload", text);
    } else {
      fields.put("payloadBase64", Base64.getEncoder().encodeToString(job.payload()));
    }
    return fields;
  }

  /** A pipeline's counts for JSON. */
  static Map<String, Object> stats(PipelineStats stats) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("pipeline", stats.pipeline());
    fields.put("ready", stats.ready());
    fields.put("urgent", stats.urgent());
    fields.put("reserved", stats.reserved());
    fields.put("delayed", stats.delayed());
    fields.put("buried", stats.buried());
    fields.put("total", stats.total());
    fields.put("paused", stats.paused());
    fields.put("pauseSecondsLeft", stats.pauseTimeLeft().toSeconds());
    return fields;
  }

  /**
   * The start of a payload for a table cell: its text on one line, or its size when it is not text.
   */
  static String preview(byte[] payload) {
    String text = utf8(payload);
    if (text == null) {
      return "(" + payload.length + " bytes, not UTF-8)";
    }
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= PREVIEW_CHARS ? line : line.substring(0, PREVIEW_CHARS - 1) + "…";
  }

  /** The bytes as text if they are valid UTF-8, otherwise null. */
  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }
}

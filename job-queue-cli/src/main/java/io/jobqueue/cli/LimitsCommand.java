package io.jobqueue.cli;

import io.jobqueue.InvalidPipelineLimitsException;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import io.jobqueue.spi.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Shows, sets or clears a pipeline's limits across every process ({@link Pipeline#setLimits}), and
 * prints them as the backend then holds them.
 */
@Command(
    name = "limits",
    description = {
      "Shows a pipeline's limits across every process that reserves from it.",
      "--max-reserved and --rate set them, replacing every limit set before; --clear removes them."
    })
final class LimitsCommand extends AdminCommands.PipelineCommand {

  @Option(
      names = "--max-reserved",
      paramLabel = "N",
      description =
          "At most N of its jobs reserved at once, 1 to " + PipelineLimits.MAX_COUNT + ".")
  Integer maxReserved;

  @Option(
      names = "--rate",
      paramLabel = "N/DURATION",
      converter = RateConverter.class,
      description = "At most N reservations started in any DURATION, e.g. 100/1m or 20/1s.")
  PipelineLimits.Rate rate;

  @Option(names = "--clear", description = "Remove the pipeline's limits.")
  boolean clear;

  @Override
  void run(Pipeline handle, Output out) {
    if (clear && (maxReserved != null || rate != null)) {
      throw new IllegalArgumentException(
          "--clear removes the limits: give it without --max-reserved and --rate");
    }
    if (clear) {
      handle.clearLimits();
    } else if (maxReserved != null || rate != null) {
      handle.setLimits(
          new PipelineLimits(
              maxReserved == null ? OptionalInt.empty() : OptionalInt.of(maxReserved),
              Optional.ofNullable(rate)));
    }
    Optional<PipelineLimits> limits = handle.limits();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("pipeline", pipeline);
    json.put("limits", limits.map(LimitsCommand::fields).orElse(null));
    out.print(
        json,
        limits
            .map(set -> "pipeline " + pipeline + ": " + describe(set))
            .orElse("pipeline " + pipeline + " has no limits"));
  }

  private static Map<String, Object> fields(PipelineLimits limits) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "maxReserved", limits.maxReserved().isPresent() ? limits.maxReserved().getAsInt() : null);
    fields.put(
        "rate",
        limits
            .rate()
            .map(
                rate -> Map.of("count", rate.count(), "intervalMillis", rate.interval().toMillis()))
            .orElse(null));
    return fields;
  }

  private static String describe(PipelineLimits limits) {
    List<String> parts = new ArrayList<>();
    limits.maxReserved().ifPresent(max -> parts.add("at most " + max + " reserved at once"));
    limits
        .rate()
        .ifPresent(rate ->
            parts.add(
                "at most "
                    + rate.count()
                    + " started per "
                    + RateConverter.format(rate.interval())));
    return String.join(", ", parts);
  }

  /** {@code N/DURATION}, e.g. {@code 100/1m}, checked by {@link PipelineLimits.Rate}. */
  static final class RateConverter implements CommandLine.ITypeConverter<PipelineLimits.Rate> {

    @Override
    public PipelineLimits.Rate convert(String text) {
      int slash = text.indexOf('/');
      if (slash > 0) {
        try {
          return new PipelineLimits.Rate(
              Integer.parseInt(text.substring(0, slash).strip()),
              Checks.parseDuration(text.substring(slash + 1)));
        } catch (InvalidPipelineLimitsException e) {
          throw new CommandLine.TypeConversionException(e.getMessage());
        } catch (IllegalArgumentException e) {
          // not a whole number or not a duration: the message below shows the form
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not N/DURATION, e.g. 100/1m or 20/1s");
    }

    /** An interval as {@code --rate} reads it back: 1h, 1m, 30s or 250ms. */
    static String format(Duration interval) {
      long millis = interval.toMillis();
      if (millis % 3_600_000 == 0) {
        return millis / 3_600_000 + "h";
      } else if (millis % 60_000 == 0) {
        return millis / 60_000 + "m";
      } else if (millis % 1000 == 0) {
        return millis / 1000 + "s";
      }
      return millis + "ms";
    }
  }
}

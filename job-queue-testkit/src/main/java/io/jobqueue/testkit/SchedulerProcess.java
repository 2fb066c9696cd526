package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.schedule.spi.ScheduleStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One scheduler process of {@link SchedulerProcessTest}, started by {@link ChildJvm}: it opens the
 * backend and its store from its arguments, declares a schedule that ticks every second into the
 * pipeline named by {@code --pipeline} (the schedule has the same name), says {@code ready} (a line
 * starting with {@link ReserverProcess#PREFIX}), and runs until a {@code stop} line (or the end of
 * standard input), then says {@code done}. Arguments: those of {@link
 * ReserverProcess#backendArguments}, {@code --opener=<ScheduleStoreOpener class>} and {@code
 * --store=<argument>}.
 */
public final class SchedulerProcess {

  /** History the schedulers keep: more than any proof run ticks. */
  static final int HISTORY = 100_000;

  private SchedulerProcess() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    Map<String, String> properties = new HashMap<>();
    for (String arg : args) {
      String name = arg.substring(2, arg.indexOf('='));
      String value = arg.substring(arg.indexOf('=') + 1);
      if (name.equals("property")) {
        String[] pair = value.split("=", 2);
        properties.put(pair[0], pair[1]);
      } else {
        options.put(name, value);
      }
    }
    JobQueueConfig.Builder config =
        JobQueueConfig.builder(options.get("url"))
            .maxPayloadBytes(Integer.parseInt(options.get("max-payload-bytes")));
    properties.forEach(config::property);
    String pipeline = options.get("pipeline");
    ScheduleStoreOpener opener =
        (ScheduleStoreOpener) Class.forName(options.get("opener")).getConstructor().newInstance();
    try (JobQueue queue = JobQueues.open(config.build());
        ScheduleStore store = opener.open(queue, options.getOrDefault("store", ""));
        Scheduler scheduler =
            Scheduler.builder()
                .queue(queue)
                .store(store)
                .schedule(everySecond(pipeline))
                .historyLimit(HISTORY)
                .name("scheduler-" + ProcessHandle.current().pid())
                .build()) {
      scheduler.start();
      System.out.println(ReserverProcess.PREFIX + "ready");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.equals("stop"));
    }
    System.out.println(ReserverProcess.PREFIX + "done");
  }

  /**
   * The schedule every process declares: the same definition, so declaring it again changes
   * nothing.
   */
  static Schedule everySecond(String pipeline) {
    return Schedule.builder(pipeline).every(Duration.ofSeconds(1)).pipeline(pipeline).build();
  }
}

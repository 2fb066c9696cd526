package io.jobqueue.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import io.jobqueue.testkit.TestNames;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.Worker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The meters of a queue and of a worker on each backend, after a worker ran jobs with every
 * outcome.
 */
class MetricsTest {

  static Stream<Arguments> backends() throws Exception {
    Path dir = Files.createTempDirectory("jobqueue-metrics");
    return Stream.of(
        Arguments.of("jdbc:sqlite:" + dir.resolve("jobs.db")),
        Arguments.of("jdbc:postgresql://127.0.0.1:5432/test?user=root"),
        Arguments.of("jdbc:mysql://127.0.0.1:3306/test?user=root"),
        Arguments.of("beanstalk://127.0.0.1:11300"));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void queueGaugesAndWorkerCountersAndTimers(String url) {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (JobQueue queue = JobQueues.open(url)) {
      Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
      new JobQueueMetrics(queue, List.of(pipeline.name())).bindTo(registry);
      pipeline.addText("ok");
      pipeline.addText("fail");
      pipeline.addText("later", JobOptions.DEFAULT.withDelay(Duration.ofHours(1)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> {
            assertThat(gauge(registry, pipeline, "ready")).isEqualTo(2);
            assertThat(gauge(registry, pipeline, "delayed")).isEqualTo(1);
          });

      WorkerMetrics metrics = new WorkerMetrics();
      metrics.bindTo(registry);
      Worker worker =
          Worker.builder(queue)
              .listener(metrics)
              .concurrency(2)
              .retryPolicy(
                  RetryPolicy.builder()
                      .maxAttempts(2)
                      .initialDelay(Duration.ZERO)
                      .jitter(0)
                      .build())
              .handler(
                  pipeline.name(),
                  ctx -> {
                    if (ctx.job().payloadText().equals("fail")) {
                      throw new IllegalStateException("always fails");
                    }
                  })
              .build()
              .start();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() ->
                count(registry, "jobqueue.jobs.buried", pipeline) == 1
                    && count(registry, "jobqueue.jobs.deleted", pipeline) == 1);
      } finally {
        worker.stop();
      }
      assertThat(count(registry, "jobqueue.jobs.reserved", pipeline)).isEqualTo(3);
      assertThat(count(registry, "jobqueue.jobs.retried", pipeline)).isEqualTo(1);
      assertThat(
              registry
                  .get("jobqueue.job.run.time")
                  .tag("pipeline", pipeline.name())
                  .timer()
                  .count())
          .isEqualTo(3);
      assertThat(
              registry
                  .get("jobqueue.job.queue.time")
                  .tag("pipeline", pipeline.name())
                  .timer()
                  .count())
          .as("first reservations only")
          .isEqualTo(2);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> {
            assertThat(gauge(registry, pipeline, "ready")).isZero();
            assertThat(gauge(registry, pipeline, "buried")).isEqualTo(1);
          });
      assertThat(count(registry, "jobqueue.jobs.added", pipeline)).isEqualTo(3);
      assertThat(count(registry, "jobqueue.jobs.kicked", pipeline)).isZero();
      assertThat(pipeline.kick(10)).isEqualTo(1);
      assertThat(count(registry, "jobqueue.jobs.kicked", pipeline)).isEqualTo(1);
      pipeline.purge(JobState.READY);
      pipeline.purge(JobState.DELAYED);
    }
  }

  /**
   * One reading of the counts serves a whole scrape even when it takes longer than their age (many
   * pipelines, a far backend): aged from its start, every gauge read all the pipelines again.
   */
  @Test
  void aReadingSlowerThanItsAgeServesTheWholeScrape() throws Exception {
    AtomicLong clock = new AtomicLong();
    AtomicInteger reads = new AtomicInteger();
    Path dir = Files.createTempDirectory("jobqueue-metrics");
    try (JobQueue queue = JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"))) {
      List<String> pipelines = Stream.generate(TestNames::pipeline).limit(4).toList();
      // each pipeline's stats take 0.4 s of the clock, so one reading takes 1.6 s
      JobQueue slow = statsTaking(queue, Duration.ofMillis(400), clock, reads);
      MeterRegistry registry = new SimpleMeterRegistry();
      new JobQueueMetrics(slow, pipelines, clock::get).bindTo(registry);

      registry.find("jobqueue.jobs").gauges().forEach(Gauge::value);
      registry.find("jobqueue.pipeline.paused").gauges().forEach(Gauge::value);
      assertThat(registry.find("jobqueue.jobs").gauges()).hasSize(4 * pipelines.size());
      assertThat(reads).as("one reading for %s gauges", 5 * pipelines.size()).hasValue(4);

      clock.addAndGet(JobQueueMetrics.DEFAULT_MAX_AGE.toNanos());
      registry.find("jobqueue.jobs").gauges().forEach(Gauge::value);
      assertThat(reads).as("read again once the reading is as old as its age").hasValue(8);
    }
  }

  /** {@code queue}, whose pipelines' stats each advance {@code clock} by {@code duration}. */
  private static JobQueue statsTaking(
      JobQueue queue, Duration duration, AtomicLong clock, AtomicInteger reads) {
    InvocationHandler queueCalls =
        (proxy, method, args) -> {
          Object result = invoke(queue, method, args);
          if (!method.getName().equals("selectPipeline")) {
            return result;
          }
          Pipeline pipeline = (Pipeline) result;
          InvocationHandler pipelineCalls =
              (p, m, a) -> {
                if (m.getName().equals("stats")) {
                  reads.incrementAndGet();
                  clock.addAndGet(duration.toNanos());
                }
                return invoke(pipeline, m, a);
              };
          return proxy(Pipeline.class, pipelineCalls);
        };
    return proxy(JobQueue.class, queueCalls);
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static double gauge(MeterRegistry registry, Pipeline pipeline, String state) {
    return registry
        .get("jobqueue.jobs")
        .tags("pipeline", pipeline.name(), "state", state)
        .gauge()
        .value();
  }

  private static double count(MeterRegistry registry, String name, Pipeline pipeline) {
    Search meters = registry.find(name).tag("pipeline", pipeline.name());
    Counter counter = meters.counter();
    if (counter != null) {
      return counter.count();
    }
    FunctionCounter functionCounter = meters.functionCounter();
    return functionCounter == null ? 0 : functionCounter.count();
  }
}

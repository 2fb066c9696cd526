package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobqueue.AddResult;
import io.jobqueue.InvalidUniqueKeyException;
import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.UniqueKey;
import io.jobqueue.UnsupportedByBackendException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of unique jobs ({@link UniqueKey}): an add whose key a waiting job of the pipeline
 * holds returns that job's id. A backend without {@link Capabilities#uniqueJobs()} must throw
 * {@link UnsupportedByBackendException} and add nothing. A backend's subclass supplies only {@link
 * #backend()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UniqueJobsConformanceTest {

  private static final Duration LONG = Duration.ofSeconds(60);

  private JobQueue queue;

  /** The backend under test. */
  protected abstract TestBackend backend();

  @BeforeAll
  void open() {
    queue = backend().open();
  }

  @AfterAll
  void close() {
    queue.close();
  }

  @Test
  void anAddWithTheKeyOfAWaitingJobReturnsThatJob() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    AddResult first = pipeline.add(NewJob.text("a").withOptions(unique("k")));
    AddResult second = pipeline.add(NewJob.text("b").withOptions(unique("k")));
    long third = pipeline.addText("c", unique("k"));

    assertThat(first.added()).isTrue();
    assertThat(second).isEqualTo(new AddResult(first.id(), false));
    assertThat(second.existing()).isTrue();
    assertThat(third).isEqualTo(first.id());
    assertThat(pipeline.add(NewJob.text("d").withOptions(unique("other"))).added()).isTrue();
    assertThat(pipeline.add(NewJob.text("e")).added()).isTrue();
    assertThat(pipeline.stats().ready()).isEqualTo(3);
    assertThat(queue.peek(first.id()).orElseThrow().payloadText()).isEqualTo("a");
    assertThat(pipeline.counters().added()).isEqualTo(3);

    Pipeline another = queue.selectPipeline(TestNames.pipeline());
    assertThat(another.add(NewJob.text("a").withOptions(unique("k"))).added())
        .as("the same key in another pipeline")
        .isTrue();
  }

  @Test
  void aDelayedJobHoldsItsKey() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    long id = pipeline.addText("a", unique("k").withDelay(LONG));
    assertThat(pipeline.add(NewJob.text("b").withOptions(unique("k"))))
        .isEqualTo(new AddResult(id, false));
    assertThat(pipeline.stats().delayed()).isEqualTo(1);
    assertThat(pipeline.stats().ready()).isZero();
  }

  @Test
  void reservingBuryingAndDeletingReleaseTheKey() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    long reservedId = pipeline.addText("reserved", unique("k"));
    Job reserved = queue.reserve(pipeline.name(), Duration.ZERO).orElseThrow();
    assertThat(reserved.id()).isEqualTo(reservedId);
    AddResult afterReserve = pipeline.add(NewJob.text("after reserve").withOptions(unique("k")));
    assertThat(afterReserve.added()).as("added while the first is reserved").isTrue();

    queue.release(reserved, JobOptions.DEFAULT_PRIORITY, Duration.ZERO);
    assertThat(pipeline.add(NewJob.text("x").withOptions(unique("k"))).id())
        .as("a released job does not take its key back")
        .isEqualTo(afterReserve.id());

    queue.deleteJob(reservedId);
    queue.deleteJob(afterReserve.id());
    AddResult afterDelete = pipeline.add(NewJob.text("after delete").withOptions(unique("k")));
    assertThat(afterDelete.added()).isTrue();

    Job next = queue.reserve(pipeline.name(), Duration.ZERO).orElseThrow();
    assertThat(next.id()).isEqualTo(afterDelete.id());
    queue.bury(next, "bad");
    assertThat(pipeline.add(NewJob.text("after bury").withOptions(unique("k"))).added()).isTrue();
    assertThat(pipeline.kick(10)).isEqualTo(1);
    assertThat(pipeline.stats().ready()).isEqualTo(2);
  }

  @Test
  void aKeyHeldWhileReservedIsReleasedByBuryAndDelete() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    JobOptions options = JobOptions.DEFAULT.withUnique(UniqueKey.of("k").alsoWhileReserved());
    long id = pipeline.addText("a", options);
    Job held = queue.reserve(pipeline.name(), Duration.ZERO).orElseThrow();
    assertThat(pipeline.add(NewJob.text("b").withOptions(options)))
        .isEqualTo(new AddResult(id, false));
    queue.release(held, JobOptions.DEFAULT_PRIORITY, Duration.ZERO);
    assertThat(pipeline.addText("c", options)).as("released, still waiting").isEqualTo(id);

    queue.bury(queue.reserve(pipeline.name(), Duration.ZERO).orElseThrow(), "");
    long afterBury = pipeline.addText("d", options);
    assertThat(afterBury).isNotEqualTo(id);

    queue.delete(queue.reserve(pipeline.name(), Duration.ZERO).orElseThrow());
    assertThat(pipeline.add(NewJob.text("e").withOptions(options)).added()).isTrue();
  }

  @Test
  void aJobWhoseTtrRanOutKeepsAKeyHeldWhileReservedAndNoOtherKey() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    JobOptions shortTtr = JobOptions.DEFAULT.withTtr(JobOptions.MIN_TTR);
    long kept =
        pipeline.addText("kept", shortTtr.withUnique(UniqueKey.of("kept").alsoWhileReserved()));
    long lost = pipeline.addText("lost", shortTtr.withUniqueKey("lost"));
    assertThat(queue.reserveBatch(List.of(pipeline.name()), 2, Duration.ZERO)).isNotEmpty();
    queue.reserve(pipeline.name(), Duration.ZERO);
    await("both reservations to time out")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> pipeline.stats().ready() == 2);

    assertThat(
            pipeline.addText(
                "again", shortTtr.withUnique(UniqueKey.of("kept").alsoWhileReserved())))
        .isEqualTo(kept);
    assertThat(pipeline.add(NewJob.text("again").withOptions(shortTtr.withUniqueKey("lost"))).id())
        .isNotEqualTo(lost);
  }

  @Test
  void afterTheWindowAnAddMakesANewJob() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    JobOptions options = JobOptions.DEFAULT.withUniqueKey("k", Duration.ofSeconds(1));
    long first = pipeline.addText("a", options);
    await("an add after the window")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> pipeline.add(NewJob.text("b").withOptions(options)).added());
    assertThat(pipeline.peek(JobState.READY, 10)).extracting(Job::id).hasSize(2).contains(first);
  }

  @Test
  void aBatchWithARepeatedKeyGivesTheFirstJobsId() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    long held = pipeline.addText("held", unique("held"));
    List<AddResult> results =
        pipeline.addAll(
            List.of(
                NewJob.text("1").withOptions(unique("k")),
                NewJob.text("2"),
                NewJob.text("3").withOptions(unique("k")),
                NewJob.text("4").withOptions(unique("held")),
                NewJob.text("5").withOptions(unique("other"))));
    assertThat(results)
        .extracting(AddResult::added)
        .containsExactly(true, true, false, false, true);
    List<Long> ids = results.stream().map(AddResult::id).toList();
    assertThat(ids.get(2)).isEqualTo(ids.get(0));
    assertThat(ids.get(3)).isEqualTo(held);
    assertThat(List.of(ids.get(0), ids.get(1), ids.get(4), held)).doesNotHaveDuplicates();
    assertThat(pipeline.stats().ready()).isEqualTo(4);
    assertThat(pipeline.counters().added())
        .as("the held job and the batch's three new ones; the two existing ids are not counted")
        .isEqualTo(4);
  }

  @Test
  void keysDifferingInCaseOrSpacesAreDistinct() {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    List<String> keys = List.of("k", "k ", "k  ", " k", "K");
    List<AddResult> results =
        keys.stream().map(key -> pipeline.add(NewJob.text(key).withOptions(unique(key)))).toList();
    assertThat(results).allMatch(AddResult::added);
    assertThat(results.stream().map(AddResult::id)).doesNotHaveDuplicates();
    for (int i = 0; i < keys.size(); i++) {
      assertThat(pipeline.addText("again", unique(keys.get(i))))
          .as("key '%s' again", keys.get(i))
          .isEqualTo(results.get(i).id());
    }
    assertThat(pipeline.stats().ready()).isEqualTo(keys.size());
  }

  @Test
  void badKeysAreRejectedWithTheRule() {
    for (String bad : List.of("", "   ", "x".repeat(UniqueKey.MAX_LENGTH + 1))) {
      assertThatThrownBy(() -> JobOptions.DEFAULT.withUniqueKey(bad))
          .isInstanceOf(InvalidUniqueKeyException.class)
          .hasMessageContaining("unique key must be 1 to " + UniqueKey.MAX_LENGTH);
    }
    assertThatThrownBy(() -> JobOptions.DEFAULT.withUniqueKey(null))
        .isInstanceOf(InvalidUniqueKeyException.class)
        .hasMessageContaining("was null");
    assertThatThrownBy(() -> JobOptions.DEFAULT.withUniqueKey("k", Duration.ZERO))
        .isInstanceOf(InvalidUniqueKeyException.class)
        .hasMessageContaining("window must be positive");
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    String longest = "é".repeat(UniqueKey.MAX_LENGTH);
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    long id = pipeline.addText("a", unique(longest));
    assertThat(pipeline.addText("b", unique(longest))).isEqualTo(id);
  }

  @Test
  void eightThreadsAddingTheSameKeysMakeOneJobPerKey() throws Exception {
    Pipeline pipeline = queue.selectPipeline(TestNames.pipeline());
    if (unsupportedSaysSo(pipeline)) {
      return;
    }
    Map<String, Long> ids = UniqueAdders.race(pipeline, 8, UniqueAdders.KEYS).ids();
    assertThat(ids).hasSize(UniqueAdders.KEYS);
    assertThat(ids.values()).doesNotHaveDuplicates();
    assertThat(pipeline.stats().ready()).isEqualTo(UniqueAdders.KEYS);
  }

  private static JobOptions unique(String key) {
    return JobOptions.DEFAULT.withUniqueKey(key);
  }

  /**
   * On a backend without unique jobs: checks that an add with a key says so and adds nothing, and
   * returns true (the test then ends).
   */
  private boolean unsupportedSaysSo(Pipeline pipeline) {
    if (backend().capabilities().uniqueJobs()) {
      return false;
    }
    assertThatThrownBy(() -> pipeline.add(NewJob.text("a").withOptions(unique("k"))))
        .isInstanceOf(UnsupportedByBackendException.class)
        .hasMessageContaining("unique jobs");
    assertThatThrownBy(() -> pipeline.addJobs(List.of(NewJob.text("a").withOptions(unique("k")))))
        .isInstanceOf(UnsupportedByBackendException.class);
    assertThat(pipeline.peekReady()).isEmpty();
    return true;
  }
}

package io.jobqueue.benchmark;

import java.util.Map;

/** What one measured step produced: its figures and its self-check. */
record Outcome(Map<String, Double> metrics, Verification verification) {

  /** A step that threw: no figures, a failed check naming the exception. */
  static Outcome failed(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new Outcome(
        Map.of(),
        new Verification(false, "error=" + e.getClass().getSimpleName(), "FAILED with " + e));
  }
}

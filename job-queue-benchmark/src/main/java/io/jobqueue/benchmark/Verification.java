package io.jobqueue.benchmark;

/**
 * What a scenario checked about its own work: for enqueue, that every job was stored with its own
 * id; for drain and latency, that every job was delivered exactly once and none was lost.
 *
 * @param ok whether everything matched
 * @param fields the machine-readable counts, as {@code key=value} pairs
 * @param summary one sentence for people
 */
record Verification(boolean ok, String fields, String summary) {

  static Verification delivery(int expected, int once, int lost, int duplicates, long left) {
    boolean ok = once == expected && lost == 0 && duplicates == 0 && left == 0;
    String fields =
        "expected="
            + expected
            + " delivered_once="
            + once
            + " lost="
            + lost
            + " duplicates="
            + duplicates
            + " left="
            + left;
    String summary =
        ok
            ? "every job delivered once (" + once + "/" + expected + "), none lost, duplicates 0"
            : "FAILED: delivered once "
                + once
                + "/"
                + expected
                + ", lost "
                + lost
                + ", duplicates "
                + duplicates
                + ", still in the backend "
                + left;
    return new Verification(ok, fields, summary);
  }

  static Verification enqueue(int expected, long distinctIds, long ready) {
    boolean ok = distinctIds == expected && ready == expected;
    String fields = "expected=" + expected + " distinct_ids=" + distinctIds + " ready=" + ready;
    String summary =
        ok
            ? "every job stored once (" + expected + " distinct ids, " + ready + " ready)"
            : "FAILED: "
                + distinctIds
                + " distinct ids and "
                + ready
                + " ready jobs for "
                + expected
                + " added";
    return new Verification(ok, fields, summary);
  }

  /**
   * An unlimited drain's check joined with the limited pipeline's beside it: every limited job
   * delivered once too, and no more started during the timed drain than its rate allows.
   */
  static Verification beside(
      Verification unlimited, Verification limited, long started, long allowed) {
    boolean withinRate = started <= allowed;
    boolean ok = unlimited.ok() && limited.ok() && withinRate;
    String fields =
        unlimited.fields()
            + " limited_started="
            + started
            + " limited_allowed="
            + allowed
            + " limited_"
            + limited.fields();
    String summary =
        unlimited.summary()
            + "; limited pipeline: "
            + limited.summary()
            + (withinRate
                ? ", " + started + " started within its rate (" + allowed + ")"
                : ", FAILED: " + started + " started, its rate allows " + allowed);
    return new Verification(ok, fields, summary);
  }
}

package io.jobqueue.testkit;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh pipeline names, so tests never see each other's jobs and need no cleaning up. */
public final class TestNames {

  private TestNames() {}

  /** A pipeline name no other test uses, e.g. {@code ct-3f9a0c1b2d4e}. */
  public static String pipeline() {
    return "ct-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }
}

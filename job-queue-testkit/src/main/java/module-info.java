/**
 * The conformance suites (queue, Worker, crash recovery, concurrent reserve) that every backend
 * runs: extend one with a small subclass that opens your backend.
 */
module io.jobqueue.testkit {
  requires transitive io.jobqueue;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires org.assertj.core;
  requires awaitility;

  exports io.jobqueue.testkit;

  // JUnit creates and runs the suites' test classes by reflection
  opens io.jobqueue.testkit to
      org.junit.platform.commons;

  provides java.net.spi.InetAddressResolverProvider with
      io.jobqueue.testkit.InvalidNamesResolverProvider;
}

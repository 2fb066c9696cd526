package io.jobqueue.supervisor;

/** The end-to-end run on one new SQLite file shared by six worker processes. */
class SqliteSupervisordTest extends SupervisordEndToEndTest {

  @Override
  String backendUrl() {
    return "jdbc:sqlite:" + dir.resolve("jobs.db");
  }
}

package io.jobqueue.supervisor;

/** The end-to-end run on the PostgreSQL server at 127.0.0.1:5432, in a database of its own. */
class PostgresSupervisordTest extends SupervisordEndToEndTest {

  private final ServerDatabase database =
      new ServerDatabase(
          "jdbc:postgresql://127.0.0.1:5432/test?user=root",
          name -> "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=root",
          " WITH (FORCE)");

  @Override
  String backendUrl() throws Exception {
    return database.create();
  }

  @Override
  void dropBackend() throws Exception {
    database.drop();
  }
}

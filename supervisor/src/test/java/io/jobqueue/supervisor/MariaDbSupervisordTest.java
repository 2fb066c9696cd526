package io.jobqueue.supervisor;

/** The end-to-end run on the MariaDB server at 127.0.0.1:3306, in a database of its own. */
class MariaDbSupervisordTest extends SupervisordEndToEndTest {

  private final ServerDatabase database =
      new ServerDatabase(
          "jdbc:mysql://127.0.0.1:3306/test?user=root",
          name -> "jdbc:mysql://127.0.0.1:3306/" + name + "?user=root",
          "");

  @Override
  String backendUrl() throws Exception {
    return database.create();
  }

  @Override
  void dropBackend() throws Exception {
    database.drop();
  }
}

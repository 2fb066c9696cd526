package io.jobqueue.cli;

class PostgresCliTest extends CliContractTest {

  @Override
  protected String url() {
    return "jdbc:postgresql://127.0.0.1:5432/test?user=root";
  }

  @Override
  protected String unreachableUrl() {
    return "jdbc:postgresql://127.0.0.1:1/test?user=root";
  }
}

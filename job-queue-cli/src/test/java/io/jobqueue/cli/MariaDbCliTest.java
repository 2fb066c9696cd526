package io.jobqueue.cli;

class MariaDbCliTest extends CliContractTest {

  @Override
  protected String url() {
    return "jdbc:mysql://127.0.0.1:3306/test?user=root";
  }

  @Override
  protected String unreachableUrl() {
    return "jdbc:mysql://127.0.0.1:1/test?user=root";
  }
}

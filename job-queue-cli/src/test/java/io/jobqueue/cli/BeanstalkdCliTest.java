package io.jobqueue.cli;

class BeanstalkdCliTest extends CliContractTest {

  @Override
  protected String url() {
    return "beanstalk://127.0.0.1:11300";
  }

  @Override
  protected String unreachableUrl() {
    return "beanstalk://127.0.0.1:1";
  }

  @Override
  protected boolean sql() {
    return false;
  }
}

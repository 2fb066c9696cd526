package io.jobqueue.supervisor;

/**
 * The end-to-end run on the beanstalkd server at 127.0.0.1:11300, which other test runs share: this
 * run's pipelines (tubes) have names of their own.
 */
class BeanstalkdSupervisordTest extends SupervisordEndToEndTest {

  @Override
  String backendUrl() {
    return "beanstalk://127.0.0.1:11300";
  }

  @Override
  boolean isolatedByPipelineNames() {
    return true;
  }
}

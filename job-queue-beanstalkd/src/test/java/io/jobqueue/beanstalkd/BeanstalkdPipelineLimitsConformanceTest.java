package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.PipelineLimitsConformanceTest;
import io.jobqueue.testkit.TestBackend;

class BeanstalkdPipelineLimitsConformanceTest extends PipelineLimitsConformanceTest {

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }
}

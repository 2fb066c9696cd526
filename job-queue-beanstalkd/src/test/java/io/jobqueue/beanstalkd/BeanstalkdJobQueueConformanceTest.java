package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.JobQueueConformanceTest;
import io.jobqueue.testkit.TestBackend;

class BeanstalkdJobQueueConformanceTest extends JobQueueConformanceTest {

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }
}

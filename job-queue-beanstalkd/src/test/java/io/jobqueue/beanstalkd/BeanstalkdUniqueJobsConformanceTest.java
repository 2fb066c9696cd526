package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.UniqueJobsConformanceTest;

class BeanstalkdUniqueJobsConformanceTest extends UniqueJobsConformanceTest {

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }
}

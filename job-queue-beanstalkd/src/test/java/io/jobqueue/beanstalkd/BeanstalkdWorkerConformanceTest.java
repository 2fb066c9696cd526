package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.WorkerConformanceTest;

class BeanstalkdWorkerConformanceTest extends WorkerConformanceTest {

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }
}

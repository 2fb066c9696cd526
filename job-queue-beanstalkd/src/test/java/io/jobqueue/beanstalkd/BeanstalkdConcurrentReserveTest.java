package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.ConcurrentReserveTest;
import io.jobqueue.testkit.TestBackend;

class BeanstalkdConcurrentReserveTest extends ConcurrentReserveTest {

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }
}

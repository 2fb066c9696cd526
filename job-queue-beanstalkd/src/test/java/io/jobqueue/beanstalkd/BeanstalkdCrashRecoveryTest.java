package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.CrashRecoveryTest;
import io.jobqueue.testkit.TestBackend;

class BeanstalkdCrashRecoveryTest extends CrashRecoveryTest {

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }
}

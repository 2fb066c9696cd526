package io.jobqueue.beanstalkd;

import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.WorkerCrashTest;

class BeanstalkdWorkerCrashTest extends WorkerCrashTest {

  @Override
  protected TestBackend backend() {
    return BeanstalkdTestBackends.shared();
  }
}

/**
 * The beanstalkd backend: {@link io.jobqueue.beanstalkd.BeanstalkdJobQueue}, over beanstalkd's text
 * protocol.
 */
module io.jobqueue.beanstalkd {
  requires transitive io.jobqueue;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  // only for transactional adds through an outbox (the outboxUrl setting)
  requires static io.jobqueue.jdbc;

  exports io.jobqueue.beanstalkd;

  provides io.jobqueue.spi.JobQueueProvider with
      io.jobqueue.beanstalkd.BeanstalkdJobQueueProvider;
}

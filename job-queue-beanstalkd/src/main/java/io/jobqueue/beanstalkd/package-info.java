/**
 * The beanstalkd backend: {@code JobQueues.open("beanstalk://host:port")} gives a {@link
 * io.jobqueue.beanstalkd.BeanstalkdJobQueue}. Only it and its {@link
 * io.jobqueue.beanstalkd.BeanstalkdJobQueueProvider} are public; the protocol client and the
 * connection pool behind them are not part of the API.
 */
package io.jobqueue.beanstalkd;

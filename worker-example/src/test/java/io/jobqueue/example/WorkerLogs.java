package io.jobqueue.example;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jobqueue.worker.Worker;
import org.slf4j.LoggerFactory;

/**
 * Collects what workers log from {@code level} up while open, whatever level an earlier test (the
 * demo turns the library down to ERROR) left configured; closing restores it.
 */
final class WorkerLogs implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger(Worker.class);
  private final Level levelBefore = logger.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  WorkerLogs(Level level) {
    appender.start();
    logger.setLevel(level);
    logger.addAppender(appender);
  }

  /** How many messages so far contain {@code text}. */
  long count(String text) {
    return appender.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(levelBefore);
  }
}

package io.jobqueue.benchmark;

import io.jobqueue.spi.Checks;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server a {@code jdbc:postgresql:}, {@code jdbc:mysql:} or {@code beanstalk://} URL names, so
 * the proxies and simulated hosts can point the same URL at another address.
 */
record ServerUrl(String scheme, String host, int port, String rest) {

  private static final Pattern URL =
      Pattern.compile("(jdbc:[a-z]+://|beanstalk://)([^/:?#@]+)(?::(\\d+))?(.*)");

  static ServerUrl parse(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot find host and port in " + Checks.redact(url));
    }
    String scheme = m.group(1);
    int port =
        m.group(3) != null
            ? Integer.parseInt(m.group(3))
            : switch (scheme) {
              case "jdbc:postgresql://" -> 5432;
              case "beanstalk://" -> 11300;
              default -> 3306;
            };
    return new ServerUrl(scheme, m.group(2), port, m.group(4));
  }

  boolean postgres() {
    return scheme.equals("jdbc:postgresql://");
  }

  boolean beanstalk() {
    return scheme.equals("beanstalk://");
  }

  /** The same URL pointed at {@code otherHost:otherPort}. */
  String at(String otherHost, int otherPort) {
    return scheme + otherHost + ":" + otherPort + rest;
  }
}

package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueueConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Where the server is and how patiently to talk to it, read from a {@link JobQueueConfig}: the URL
 * {@code beanstalk://host[:port]} and the properties documented on {@link BeanstalkdJobQueue}.
 *
 * @param host the server's host name or address
 * @param port the server's TCP port
 * @param connectTimeout how long opening a connection may take
 * @param readTimeout how long an answer may take, beyond the wait a reserve asked for
 * @param maxIdleConnections connections kept open for reuse when nobody needs them
 */
record Endpoint(
    String host, int port, Duration connectTimeout, Duration readTimeout, int maxIdleConnections) {

  static final String SCHEME = "beanstalk";
  static final int DEFAULT_PORT = 11300;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_MAX_IDLE_CONNECTIONS = 16;
  private static final String EXPECTED =
      "expected " + SCHEME + "://host[:port] (default port " + DEFAULT_PORT + ")";

  static Endpoint from(JobQueueConfig config) {
    URI uri = parse(config.url());
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "invalid beanstalkd URL '"
              + config.url()
              + "': port '"
              + port
              + "' is not a number from 1 to 65535; "
              + EXPECTED);
    }
    return new Endpoint(
        uri.getHost(),
        port,
        duration(config, "connectTimeout", DEFAULT_CONNECT_TIMEOUT),
        duration(config, "readTimeout", DEFAULT_READ_TIMEOUT),
        count(config, "maxIdleConnections", DEFAULT_MAX_IDLE_CONNECTIONS));
  }

  /** {@code beanstalk://host:port}, for messages. */
  String describe() {
    return SCHEME + "://" + host + ":" + port;
  }

  private static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "invalid beanstalkd URL '" + url + "': " + e.getReason() + "; " + EXPECTED, e);
    }
    if (SCHEME.equals(uri.getScheme()) && uri.getHost() == null && uri.getRawAuthority() != null) {
      // java.net.URI leaves the host out when the authority is not host[:port] with a numeric port
      String authority = uri.getRawAuthority();
      int colon = authority.lastIndexOf(':');
      String port = colon < 0 ? "" : authority.substring(colon + 1);
      boolean badPort =
          !port.isEmpty() && !(port.matches("[0-9]{1,5}") && Integer.parseInt(port) <= 65_535);
      String problem =
          badPort
              ? "port '" + port + "' is not a number from 1 to 65535"
              : "'"
                  + (colon < 0 ? authority : authority.substring(0, colon))
                  + "' is not a host name or address";
      throw new IllegalArgumentException(
          "invalid beanstalkd URL '" + url + "': " + problem + "; " + EXPECTED);
    }
    if (!SCHEME.equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("invalid beanstalkd URL '" + url + "': " + EXPECTED);
    }
    boolean extra =
        (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
            || uri.getQuery() != null
            || uri.getUserInfo() != null;
    if (extra) {
      throw new IllegalArgumentException(
          "invalid beanstalkd URL '"
              + url
              + "': "
              + EXPECTED
              + "; settings go in JobQueueConfig properties (connectTimeout, readTimeout, maxIdleConnections)");
    }
    return uri;
  }

  private static Duration duration(JobQueueConfig config, String name, Duration defaultValue) {
    String value = config.property(name, null);
    if (value == null) {
      return defaultValue;
    }
    Duration duration;
    try {
      duration =
          value.chars().allMatch(Character::isDigit)
              ? Duration.ofMillis(Long.parseLong(value))
              : Duration.parse(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "property "
              + name
              + " must be milliseconds or an ISO-8601 duration such as PT2S, was '"
              + value
              + "'",
          e);
    }
    if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "property "
              + name
              + " must be positive and below "
              + Integer.MAX_VALUE
              + " ms, was '"
              + value
              + "'");
    }
    return duration;
  }

  private static int count(JobQueueConfig config, String name, int defaultValue) {
    String value = config.property(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      int count = Integer.parseInt(value);
      if (count >= 0) {
        return count;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below, which says what is allowed
    }
    throw new IllegalArgumentException(
        "property " + name + " must be a whole number, 0 or more, was '" + value + "'");
  }
}

package io.jobqueue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link JobQueues#open(JobQueueConfig)} needs: the backend's URL, the payload limit, and
 * settings specific to one backend (for example {@code tablePrefix} on JDBC). Immutable; build one
 * with {@link #builder(String)}.
 *
 * @param url the backend, e.g. {@code jdbc:sqlite:jobs.db} or {@code beanstalk://127.0.0.1:11300}
 * @param maxPayloadBytes the largest payload accepted; larger ones fail with {@link
 *     JobTooLargeException}
 * @param properties backend settings by name, documented by each backend
 */
public record JobQueueConfig(String url, int maxPayloadBytes, Map<String, String> properties) {

  /** beanstalkd's default job size limit, used for every backend so they behave alike. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 65_535;

  public JobQueueConfig {
    Objects.requireNonNull(url, "url must not be null");
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException(
          "maxPayloadBytes must be at least 1, was " + maxPayloadBytes);
    }
    properties = Map.copyOf(properties);
  }

  /** The configuration for this URL with every default. */
  public static JobQueueConfig of(String url) {
    return builder(url).build();
  }

  /** Starts a configuration for the backend at this URL. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The backend setting with this name, or {@code defaultValue} when it is not set. */
  public String property(String name, String defaultValue) {
    return properties.getOrDefault(name, defaultValue);
  }

  /** Collects settings for a {@link JobQueueConfig}; validated by {@link #build()}. */
  public static final class Builder {
    private final String url;
    private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String url) {
      this.url = url;
    }

    /**
     * The largest payload accepted, in bytes; default {@value
     * JobQueueConfig#DEFAULT_MAX_PAYLOAD_BYTES}.
     */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /** A backend setting, e.g. {@code property("tablePrefix", "jobs_")}. */
    public Builder property(String name, String value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public JobQueueConfig build() {
      return new JobQueueConfig(url, maxPayloadBytes, properties);
    }
  }
}

package io.jobqueue.jdbc;

import io.jobqueue.Job;
import io.jobqueue.JobState;
import io.jobqueue.spi.Jobs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a job from the columns every dialect's job queries return: id, pipeline, payload, priority,
 * state (the effective state in upper case), ttr_ms, created_ms, the five counters, attempts
 * (reserves since the last kick), lease and bury_reason.
 */
final class JobMapper implements RowMapper<Job> {

  static final JobMapper INSTANCE = new JobMapper();

  private JobMapper() {}

  @Override
  public Job map(ResultSet rs, StatementContext ctx) throws SQLException {
    return Jobs.create(
        new Jobs.Fields(
            rs.getLong("id"),
            rs.getString("pipeline"),
            rs.getBytes("payload"),
            rs.getLong("priority"),
            JobState.valueOf(rs.getString("state")),
            Duration.ofMillis(rs.getLong("ttr_ms")),
            Instant.ofEpochMilli(rs.getLong("created_ms")),
            rs.getInt("reserves"),
            rs.getInt("releases"),
            rs.getInt("timeouts"),
            rs.getInt("buries"),
            rs.getInt("kicks"),
            rs.getInt("attempts"),
            rs.getLong("lease"),
            rs.getString("bury_reason")));
  }
}

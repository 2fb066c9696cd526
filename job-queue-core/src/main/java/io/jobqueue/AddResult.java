package io.jobqueue;

/**
 * What {@link Pipeline#add(NewJob)} did.
 *
 * @param id the id of the job added, or of the waiting job with the same {@link UniqueKey}
 * @param added true when a job was added, false when an existing job's id is returned
 */
public record AddResult(long id, boolean added) {

  /** True when the id is an existing job's, whose {@link UniqueKey} this add shared. */
  public boolean existing() {
    return !added;
  }
}

package io.jobqueue;

/**
 * Where a job is in its life. The states and transitions are beanstalkd's:
 *
 * <pre>
 *   addJob(delay &gt; 0)           addJob                reserve
 *  ----------------&gt; DELAYED ----(delay ends)--&gt; READY ---------&gt; RESERVED ---&gt; delete: gone
 *                      |  ^                      ^  ^               |  |  |
 *                      |  '--- release(delay&gt;0) -+--+---------------'  |  |
 *                      |                         |  '-- release / TTR ends
 *                      '------ kick -------------'                     |
 *                                                |    kick        bury |
 *                                                '------------ BURIED &lt;'
 * </pre>
 *
 * A reserved job whose time to run (TTR) ends before it is deleted, released, buried or touched
 * goes back to {@link #READY} and its {@link Job#timeouts()} counter goes up.
 */
public enum JobState {
  /** Waiting for its delay to end; it cannot be reserved yet. */
  DELAYED,
  /** Can be reserved now. */
  READY,
  /** Held by one worker until it deletes, releases, buries or touches it, or its TTR ends. */
  RESERVED,
  /** Put aside after a failure; stays until kicked or deleted. */
  BURIED
}

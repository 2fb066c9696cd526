package io.jobqueue.beanstalkd;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueueException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP connection to beanstalkd speaking its text protocol: commands are written (several at
 * once when pipelined) and their answers read back in order. It remembers the tube it uses and the
 * tubes it watches, so {@code use}/{@code watch}/{@code ignore} are only sent when they change.
 *
 * <p>beanstalkd ties a reservation to the connection that made it, so a connection also knows the
 * reservations it {@linkplain #held() holds}; {@link ConnectionPool} keeps such a connection away
 * from other reservers until they are finished. Whoever talks over a connection holds its {@link
 * #lock()}. Any I/O failure or unexpected answer marks it broken: its protocol state is unknown, so
 * it is never used again.
 */
final class BeanstalkdConnection implements AutoCloseable {

  /**
   * Commands written before their answers are read; bounded so neither side's socket buffer fills.
   */
  static final int PIPELINE_CHUNK = 500;

  /** Pool bookkeeping, guarded by the pool's lock. */
  enum PoolState {
    BORROWED,
    IDLE,
    PINNED,
    CLOSED
  }

  private static final AtomicLong OPENED = new AtomicLong();

  /** Ascending in opening order: who locks several connections locks them in this order. */
  final long number = OPENED.incrementAndGet();

  private final Endpoint endpoint;
  private final Socket socket;
  private final AnswerReader in;
  private final OutputStream out;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, Reservation> held = new ConcurrentHashMap<>();
  private final Queue<PendingDelete> pendingDeletes = new ConcurrentLinkedQueue<>();
  private String usedTube = "default";
  private final Set<String> watchedTubes = new LinkedHashSet<>(List.of("default"));
  private volatile boolean broken;
  PoolState poolState = PoolState.BORROWED;
  long idleSinceNanos;

  private BeanstalkdConnection(Endpoint endpoint, Socket socket) throws IOException {
    this.endpoint = endpoint;
    this.socket = socket;
    this.in = new AnswerReader(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  /** Connects, or throws {@link BackendUnavailableException} within the connect timeout. */
  static BeanstalkdConnection open(Endpoint endpoint) {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
      socket.connect(address, (int) endpoint.connectTimeout().toMillis());
      socket.setSoTimeout((int) endpoint.readTimeout().toMillis());
      return new BeanstalkdConnection(endpoint, socket);
    } catch (UnknownHostException e) {
      closeQuietly(socket);
      throw new BackendUnavailableException(
          "cannot connect to beanstalkd at "
              + endpoint.describe()
              + ": the host name '"
              + endpoint.host()
              + "' could not be resolved to an address; check the host in the URL",
          e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new BackendUnavailableException(
          "cannot connect to beanstalkd at "
              + endpoint.describe()
              + " within "
              + endpoint.connectTimeout().toMillis()
              + " ms: "
              + e.getMessage()
              + "; is the server running and listening there?",
          e);
    }
  }

  ReentrantLock lock() {
    return lock;
  }

  /** Reservations made over this connection and not finished yet, by job id. */
  Map<Long, Reservation> held() {
    return held;
  }

  /** Deletes waiting for this connection's lock; the thread that takes it sends them all. */
  Queue<PendingDelete> pendingDeletes() {
    return pendingDeletes;
  }

  boolean isBroken() {
    return broken;
  }

  /** Sends one command and reads its answer. */
  Reply call(Request request) {
    return call(List.of(request)).get(0);
  }

  /**
   * Sends one command and returns its answer if its status is one of {@code expected}; any other
   * answer is the error {@link ServerErrors#expect} makes of it, naming {@code action}.
   */
  Reply expect(String command, String action, String... expected) {
    return ServerErrors.expect(call(Request.of(command)), this, action, expected);
  }

  /** Sends the commands in one write and reads one answer per command, in order. */
  List<Reply> call(List<Request> requests) {
    return call(requests, endpoint.readTimeout());
  }

  /**
   * Like {@link #call(List)}, prefixed with a {@code use} of {@code tube} when the connection uses
   * another one; returns only the answers to {@code requests}.
   */
  List<Reply> callInTube(String tube, List<Request> requests) {
    if (tube.equals(usedTube)) {
      return call(requests);
    }
    List<Request> all = new ArrayList<>(requests.size() + 1);
    all.add(Request.of("use " + tube));
    all.addAll(requests);
    List<Reply> replies = call(all);
    Reply using = replies.get(0);
    if (!using.is("USING")) {
      throw unexpected(using, "use " + tube);
    }
    usedTube = tube;
    return replies.subList(1, replies.size());
  }

  /**
   * Sends {@code request} after the {@code watch}/{@code ignore} commands that make the watch list
   * exactly {@code tubes}, waiting up to {@code wait} beyond the read timeout for its answer (for a
   * blocking reserve).
   */
  Reply callWatching(Collection<String> tubes, Request request, Duration wait) {
    return callWatching(tubes, List.of(request), wait).get(0);
  }

  /** Makes the watch list exactly {@code tubes}. */
  void watchOnly(Collection<String> tubes) {
    callWatching(tubes, List.of());
  }

  /**
   * Sends {@code requests} in one write, after the {@code watch}/{@code ignore} commands that make
   * the watch list exactly {@code tubes}; returns only the answers to {@code requests}.
   */
  List<Reply> callWatching(Collection<String> tubes, List<Request> requests) {
    return callWatching(tubes, requests, Duration.ZERO);
  }

  private List<Reply> callWatching(
      Collection<String> tubes, List<Request> requests, Duration wait) {
    List<Request> all = new ArrayList<>();
    for (String tube : tubes) {
      if (!watchedTubes.contains(tube)) {
        all.add(Request.of("watch " + tube));
      }
    }
    for (String tube : watchedTubes) {
      if (!tubes.contains(tube)) {
        all.add(Request.of("ignore " + tube));
      }
    }
    int changes = all.size();
    all.addAll(requests);
    if (all.isEmpty()) {
      return List.of();
    }
    List<Reply> replies = call(all, endpoint.readTimeout().plus(wait));
    for (int i = 0; i < changes; i++) {
      if (!replies.get(i).is("WATCHING")) {
        throw unexpected(replies.get(i), all.get(i).line());
      }
    }
    watchedTubes.clear();
    watchedTubes.addAll(tubes);
    return replies.subList(changes, replies.size());
  }

  /**
   * Writes bytes as they are, for tests that speak broken protocol on purpose; then reads one
   * answer.
   */
  Reply callRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return read();
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /**
   * Whether the server closed this idle connection (it restarted, for example), found without a
   * round trip: an idle connection has nothing to read, so end-of-stream within a millisecond means
   * it is closed.
   */
  boolean closedByServer() {
    try {
      socket.setSoTimeout(1);
      in.readByte();
      broken = true; // end of stream, or bytes nobody asked for: either way unusable
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      broken = true;
      return true;
    } finally {
      restoreTimeout();
    }
  }

  /** The exception for an answer the protocol does not allow here; marks the connection broken. */
  JobQueueException unexpected(Reply reply, String command) {
    broken = true;
    return new JobQueueException(
        "beanstalkd at "
            + endpoint.describe()
            + " answered '"
            + reply
            + "' to '"
            + command
            + "', which the protocol does not allow there; the connection was dropped");
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** Closes the socket; a thread blocked reading from it gets an exception at once. */
  @Override
  public void close() {
    broken = true;
    closeQuietly(socket);
  }

  private List<Reply> call(List<Request> requests, Duration timeout) {
    send(requests);
    return receive(requests, timeout);
  }

  /**
   * Writes the commands in one write without reading their answers, so that a caller with several
   * connections can have them all at the server before it waits for any; {@link #receive} reads
   * them.
   */
  void send(List<Request> requests) {
    if (broken) {
      throw new BackendUnavailableException(
          "connection to beanstalkd at " + endpoint.describe() + " is closed");
    }
    try {
      for (Request request : requests) {
        request.writeTo(out);
      }
      out.flush();
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** Reads one answer per command that {@link #send} wrote, in order. */
  List<Reply> receive(List<Request> requests) {
    return receive(requests, endpoint.readTimeout());
  }

  private List<Reply> receive(List<Request> requests, Duration timeout) {
    try {
      if (!timeout.equals(endpoint.readTimeout())) {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      }
      List<Reply> replies = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        replies.add(read());
      }
      return replies;
    } catch (SocketTimeoutException e) {
      broken = true;
      throw new BackendUnavailableException(
          "beanstalkd at "
              + endpoint.describe()
              + " did not answer '"
              + requests.get(0).command()
              + "' within "
              + timeout.toMillis()
              + " ms (readTimeout); the connection was dropped",
          e);
    } catch (IOException e) {
      throw lost(e);
    } finally {
      if (!broken && !timeout.equals(endpoint.readTimeout())) {
        restoreTimeout();
      }
    }
  }

  private Reply read() throws IOException {
    Reply reply = Reply.parseLine(in.readLine());
    if (!Reply.hasBody(reply.status())) {
      return reply;
    }
    int size;
    try {
      size = Integer.parseInt(reply.args().get(reply.args().size() - 1));
      if (size < 0) {
        throw new NumberFormatException("negative size");
      }
    } catch (RuntimeException e) {
      throw unexpected(reply, "(reading a data chunk)");
    }
    return reply.withBody(in.readChunk(size));
  }

  private BackendUnavailableException lost(IOException e) {
    broken = true;
    closeQuietly(socket);
    return new BackendUnavailableException(
        "lost the connection to beanstalkd at "
            + endpoint.describe()
            + ": "
            + e.getMessage()
            + "; reservations held over it end (the server makes those jobs ready again)",
        e);
  }

  private void restoreTimeout() {
    try {
      socket.setSoTimeout((int) endpoint.readTimeout().toMillis());
    } catch (IOException e) {
      broken = true;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort: the socket is abandoned either way
    }
  }
}

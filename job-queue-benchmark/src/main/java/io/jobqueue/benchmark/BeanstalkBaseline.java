package io.jobqueue.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain beanstalkd protocol loop, the fastest a client can go one job at a time: one socket per
 * thread, {@code put} per job, and {@code reserve-with-timeout} + {@code delete} per job.
 */
final class BeanstalkBaseline implements Baseline {

  private static final int PRIORITY = 1024;
  private static final int TTR_SECONDS = 60;

  private final InetSocketAddress address;
  private final String tube;

  BeanstalkBaseline(String url, String tube) {
    URI uri = URI.create(url);
    this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 11300 : uri.getPort());
    this.tube = tube;
  }

  @Override
  public Set<Long> enqueue(int jobs, int threads, AtomicLong progress) {
    Set<Long> ids = ConcurrentHashMap.newKeySet(jobs);
    Parallel.run(
        "baseline-put",
        threads,
        thread -> {
          try (Conn conn = new Conn(address)) {
            conn.expect("use " + tube, "USING");
            for (int i = Parallel.sliceStart(jobs, threads, thread);
                i < Parallel.sliceStart(jobs, threads, thread + 1);
                i++) {
              byte[] body = Payload.of(i);
              conn.put("put " + PRIORITY + " 0 " + TTR_SECONDS + " " + body.length, body);
              String reply = conn.readLine();
              if (!reply.startsWith("INSERTED ")) {
                throw new IllegalStateException(
                    "put into tube " + tube + " answered '" + reply + "'");
              }
              ids.add(Long.parseLong(reply.substring("INSERTED ".length())));
              progress.incrementAndGet();
            }
          }
        });
    return ids;
  }

  @Override
  public long waiting() throws IOException {
    try (Conn conn = new Conn(address)) {
      conn.write("stats-tube " + tube);
      String reply = conn.readLine();
      if (reply.startsWith("NOT_FOUND")) {
        return 0;
      }
      String yaml = new String(conn.readBody(reply), StandardCharsets.US_ASCII);
      long total = 0;
      for (String line : yaml.split("\n")) {
        for (String field :
            new String[] {
              "current-jobs-ready:",
              "current-jobs-reserved:",
              "current-jobs-delayed:",
              "current-jobs-buried:"
            }) {
          if (line.startsWith(field)) {
            total += Long.parseLong(line.substring(field.length()).trim());
          }
        }
      }
      return total;
    }
  }

  @Override
  public void drain(Ledger ledger, int threads, long stallMillis, AtomicLong progress) {
    Parallel.run(
        "baseline-reserve",
        threads,
        thread -> {
          try (Conn conn = new Conn(address)) {
            conn.expect("watch " + tube, "WATCHING");
            conn.expect("ignore default", "WATCHING");
            long lastJob = System.nanoTime();
            while (!ledger.complete()) {
              conn.write("reserve-with-timeout 0");
              String reply = conn.readLine();
              if (reply.startsWith("RESERVED ")) {
                String id = reply.split(" ")[1];
                int index = Payload.index(conn.readBody(reply));
                conn.expect("delete " + id, "DELETED");
                ledger.deliver(index);
                progress.incrementAndGet();
                lastJob = System.nanoTime();
              } else if (!reply.equals("TIMED_OUT")) {
                throw new IllegalStateException(
                    "reserve from tube " + tube + " answered '" + reply + "'");
              } else if ((System.nanoTime() - lastJob) / 1_000_000 > stallMillis) {
                return;
              } else {
                Thread.sleep(1);
              }
            }
          }
        });
  }

  @Override
  public void close() {
    // beanstalkd drops a tube by itself once it is empty and no client uses or watches it
  }

  /** One protocol connection: command lines out, reply lines and bodies in. */
  private static final class Conn implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Conn(InetSocketAddress address) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(address, 5_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = new BufferedOutputStream(socket.getOutputStream());
    }

    void write(String command) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** The command line and its body in one write, as a well-written plain client sends them. */
    void put(String command, byte[] body) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.write('\r');
      out.write('\n');
      out.flush();
    }

    void expect(String command, String replyStart) throws IOException {
      write(command);
      String reply = readLine();
      if (!reply.startsWith(replyStart)) {
        throw new IllegalStateException(
            "'" + command + "' answered '" + reply + "', expected " + replyStart);
      }
    }

    String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(64);
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("beanstalkd closed the connection");
        }
        if (previous == '\r' && b == '\n') {
          byte[] bytes = line.toByteArray();
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
        }
        line.write(b);
        previous = b;
      }
    }

    /**
     * Reads the body announced by a reply whose last field is its length, and the CRLF after it.
     */
    byte[] readBody(String reply) throws IOException {
      int length = Integer.parseInt(reply.substring(reply.lastIndexOf(' ') + 1));
      byte[] body = in.readNBytes(length + 2);
      if (body.length != length + 2) {
        throw new IOException("beanstalkd closed the connection in the middle of a body");
      }
      return Arrays.copyOf(body, length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}

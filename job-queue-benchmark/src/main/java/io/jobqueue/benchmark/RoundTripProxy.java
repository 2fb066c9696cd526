package io.jobqueue.benchmark;

import io.jobqueue.testkit.DelayedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL or MariaDB that counts what the client sends: statements
 * executed and round trips (requests the client waits for). The benchmark points an idle Worker at
 * it to count the queries it sends per second; traffic from other clients of the same database is
 * not counted. Plain-text connections only (the client must disable TLS).
 *
 * <p>It can also hold every chunk of bytes for a fixed delay in each direction, as a network
 * between hosts would ({@code growth} measures with it): a writer thread per direction sends each
 * chunk when it is due ({@link DelayedOutputStream}, shared with the simulated hosts' forwarder),
 * so the delay adds latency without limiting throughput. In front of beanstalkd ({@link
 * Protocol#RAW}) it only passes bytes through and counts nothing.
 */
final class RoundTripProxy implements AutoCloseable {

  /** The wire protocol to parse. */
  enum Protocol {
    POSTGRES,
    MYSQL,
    /** Bytes passed through, nothing counted (beanstalkd). */
    RAW
  }

  private static final int PG_SSL_REQUEST = 80877103;
  private static final int PG_GSSENC_REQUEST = 80877104;
  private static final int MYSQL_COM_QUERY = 0x03;
  private static final int MYSQL_COM_STMT_EXECUTE = 0x17;

  private final Protocol protocol;
  private final InetSocketAddress target;
  private final Duration delay;
  private final ServerSocket server;
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong roundTrips = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private String url;

  RoundTripProxy(Protocol protocol, String host, int port) throws IOException {
    this(protocol, host, port, Duration.ZERO);
  }

  /** A proxy that delays every chunk by {@code delayEachWay} in each direction. */
  RoundTripProxy(Protocol protocol, String host, int port, Duration delayEachWay)
      throws IOException {
    if (delayEachWay.isNegative()) {
      throw new IllegalArgumentException("the proxy's delay must not be negative: " + delayEachWay);
    }
    this.protocol = protocol;
    this.target = new InetSocketAddress(host, port);
    this.delay = delayEachWay;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("proxy-accept").start(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * A proxy in front of the server a {@code jdbc:postgresql:} or {@code jdbc:mysql:} URL names,
   * with {@link #url()} the URL that reaches the server through it.
   */
  static RoundTripProxy inFrontOf(String jdbcUrl) throws IOException {
    return inFrontOf(jdbcUrl, Duration.ZERO);
  }

  /**
   * A proxy delaying each direction by {@code delayEachWay} in front of the server a {@code
   * jdbc:postgresql:}, {@code jdbc:mysql:} or {@code beanstalk://} URL names; {@link #url()}
   * reaches the server through it.
   */
  static RoundTripProxy inFrontOf(String serverUrl, Duration delayEachWay) throws IOException {
    ServerUrl server = ServerUrl.parse(serverUrl);
    Protocol protocol =
        server.beanstalk() ? Protocol.RAW : server.postgres() ? Protocol.POSTGRES : Protocol.MYSQL;
    RoundTripProxy proxy = new RoundTripProxy(protocol, server.host(), server.port(), delayEachWay);
    String plainText =
        switch (protocol) {
          case RAW -> "";
          case POSTGRES -> (server.rest().contains("?") ? "&" : "?") + "sslmode=disable";
          case MYSQL -> (server.rest().contains("?") ? "&" : "?") + "sslMode=DISABLED";
        };
    proxy.url = server.at("127.0.0.1", proxy.port()) + plainText;
    return proxy;
  }

  /** The URL through this proxy, plain text, for a proxy made by {@link #inFrontOf}. */
  String url() {
    return url;
  }

  long statements() {
    return statements.get();
  }

  long roundTrips() {
    return roundTrips.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        Thread.ofPlatform().daemon().name("proxy-up").start(() -> pump(client, upstream, true));
        Thread.ofPlatform().daemon().name("proxy-down").start(() -> pump(upstream, client, false));
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("round-trip proxy: " + e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean countMessages) {
    OutputStream out;
    try {
      out = new DelayedOutputStream(to.getOutputStream(), delay, () -> closeQuietly(from, to));
    } catch (IOException e) {
      closeQuietly(from, to);
      return;
    }
    try (out) {
      if (countMessages && protocol != Protocol.RAW) {
        countingCopy(new DataInputStream(from.getInputStream()), out);
      } else {
        copy(from.getInputStream(), out);
      }
    } catch (IOException e) {
      // a closed connection ends its pump; closing the stream closes both sockets
    }
  }

  private static void closeQuietly(Socket... sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing is all that is wanted
      }
    }
  }

  /** Copies what arrives as it arrives, one chunk (flush) per read. */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }

  /** Copies whole client messages one at a time, counting them by type. */
  private void countingCopy(DataInputStream in, OutputStream out) throws IOException {
    if (protocol == Protocol.POSTGRES) {
      copyPostgres(in, out);
    } else {
      copyMysql(in, out);
    }
  }

  private void copyPostgres(DataInputStream in, OutputStream out) throws IOException {
    // untyped start-up messages: an optional SSL or GSS request, then the startup packet
    while (true) {
      int length = in.readInt();
      int code = in.readInt();
      byte[] rest = in.readNBytes(length - 8);
      writeInt(out, length);
      writeInt(out, code);
      out.write(rest);
      out.flush();
      if (code != PG_SSL_REQUEST && code != PG_GSSENC_REQUEST) {
        break;
      }
    }
    while (true) {
      int type = in.read();
      if (type < 0) {
        throw new EOFException();
      }
      int length = in.readInt();
      byte[] body = in.readNBytes(length - 4);
      switch (type) {
        case 'Q' -> {
          statements.incrementAndGet();
          roundTrips.incrementAndGet();
        }
        case 'E' -> statements.incrementAndGet();
        case 'S' -> roundTrips.incrementAndGet();
        default -> {}
      }
      out.write(type);
      writeInt(out, length);
      out.write(body);
      out.flush();
    }
  }

  private void copyMysql(DataInputStream in, OutputStream out) throws IOException {
    while (true) {
      byte[] header = in.readNBytes(4);
      if (header.length < 4) {
        throw new EOFException();
      }
      int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
      int sequence = header[3] & 0xff;
      byte[] body = in.readNBytes(length);
      // a packet with sequence 0 from the client starts a command; the handshake response has 1
      if (sequence == 0 && body.length > 0) {
        roundTrips.incrementAndGet();
        int command = body[0] & 0xff;
        if (command == MYSQL_COM_QUERY || command == MYSQL_COM_STMT_EXECUTE) {
          statements.incrementAndGet();
        }
      }
      out.write(header);
      out.write(body);
      out.flush();
    }
  }

  private static void writeInt(OutputStream out, int value) throws IOException {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}

package io.jobqueue.benchmark;

import io.jobqueue.spi.Checks;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of PostgreSQL or MariaDB that counts what the client sends: statements
 * executed and round trips (requests the client waits for). The benchmark points an idle Worker at
 * it to count the queries it sends per second; traffic from other clients of the same database is
 * not counted. Plain-text connections only (the client must disable TLS).
 */
final class RoundTripProxy implements AutoCloseable {

  /** The wire protocol to parse. */
  enum Protocol {
    POSTGRES,
    MYSQL
  }

  private static final Pattern SERVER_URL =
      Pattern.compile("(jdbc:[a-z]+://)([^/:?]+)(?::(\\d+))?(.*)");
  private static final int PG_SSL_REQUEST = 80877103;
  private static final int PG_GSSENC_REQUEST = 80877104;
  private static final int MYSQL_COM_QUERY = 0x03;
  private static final int MYSQL_COM_STMT_EXECUTE = 0x17;

  private final Protocol protocol;
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong roundTrips = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private String url;

  RoundTripProxy(Protocol protocol, String host, int port) throws IOException {
    this.protocol = protocol;
    this.target = new InetSocketAddress(host, port);
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
    Matcher url = SERVER_URL.matcher(jdbcUrl);
    if (!url.matches()) {
      throw new IllegalArgumentException("cannot find host and port in " + Checks.redact(jdbcUrl));
    }
    boolean postgres = url.group(1).startsWith("jdbc:postgresql:");
    int port = url.group(3) != null ? Integer.parseInt(url.group(3)) : postgres ? 5432 : 3306;
    RoundTripProxy proxy =
        new RoundTripProxy(postgres ? Protocol.POSTGRES : Protocol.MYSQL, url.group(2), port);
    String rest = url.group(4);
    String plainText =
        (rest.contains("?") ? "&" : "?") + (postgres ? "sslmode=disable" : "sslMode=DISABLED");
    proxy.url = url.group(1) + "127.0.0.1:" + proxy.port() + rest + plainText;
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
    try (from;
        to) {
      if (countMessages) {
        countingCopy(new DataInputStream(from.getInputStream()), to.getOutputStream());
      } else {
        from.getInputStream().transferTo(to.getOutputStream());
      }
    } catch (IOException e) {
      // a closed connection ends its pump; the client sees the close itself
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

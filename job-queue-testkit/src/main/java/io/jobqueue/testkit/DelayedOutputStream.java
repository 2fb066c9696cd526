package io.jobqueue.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of a link with a distance: what is written is held until {@link #flush()}, then
 * sent as one chunk once {@code delay} has passed, by a writer thread of its own. Reading the next
 * chunk goes on meanwhile, so chunks in flight overlap as on a real link: the delay adds latency
 * without limiting throughput. {@link #close()} lets the chunks in flight arrive, then the writer
 * runs {@code whenDone} (which closes the connection); a write that fails (the connection was
 * dropped) loses the rest and runs it too. With no delay the bytes pass straight through and {@code
 * close()} runs {@code whenDone} at once. The simulated hosts' {@link Forwarder} and the
 * benchmark's round-trip proxy send their traffic through it.
 */
public final class DelayedOutputStream extends OutputStream {

  private static final Chunk END = new Chunk(0, new byte[0]);

  private final OutputStream out;
  private final long delayNanos;
  private final Runnable whenDone;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();

  /** Sends what is flushed to {@code out} after {@code delay}; see the class comment. */
  public DelayedOutputStream(OutputStream out, Duration delay, Runnable whenDone) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    this.out = out;
    this.delayNanos = delay.toNanos();
    this.whenDone = whenDone;
    if (delayNanos > 0) {
      Thread.ofPlatform().daemon().name("delayed-write").start(this::sendWhenDue);
    }
  }

  @Override
  public void write(int b) throws IOException {
    if (delayNanos == 0) {
      out.write(b);
    } else {
      pending.write(b);
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (delayNanos == 0) {
      out.write(bytes, offset, length);
    } else {
      pending.write(bytes, offset, length);
    }
  }

  @Override
  public void flush() throws IOException {
    if (delayNanos == 0) {
      out.flush();
    } else if (pending.size() > 0) {
      chunks.add(new Chunk(System.nanoTime() + delayNanos, pending.toByteArray()));
      pending.reset();
    }
  }

  /** Flushes, then ends the stream once what is in flight has arrived. */
  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      if (delayNanos == 0) {
        whenDone.run();
      } else {
        chunks.add(END);
      }
    }
  }

  private void sendWhenDue() {
    try {
      for (Chunk chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
        // the simulated distance, not a synchronisation
        for (long wait = chunk.dueNanos() - System.nanoTime();
            wait > 0;
            wait = chunk.dueNanos() - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException e) {
      // the connection was dropped: the rest is lost, as on a cut link
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      whenDone.run();
    }
  }

  private record Chunk(long dueNanos, byte[] bytes) {}
}

package io.jobqueue.benchmark;

import io.jobqueue.benchmark.Backend.Kind;
import io.jobqueue.benchmark.Scenario.Peer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers opened on one backend for a whole invocation (their tables created once, emptied
 * between runs, dropped at the end): those with a selected scenario, on PostgreSQL and MariaDB.
 */
final class Peers implements AutoCloseable {

  private final Map<Peer, PeerScenarios> opened = new LinkedHashMap<>();
  private final List<PeerQueue> queues = new ArrayList<>();

  private Peers() {}

  static Peers open(Backend backend, Settings settings, String suffix) {
    Peers peers = new Peers();
    if (backend.kind() != Kind.POSTGRES && backend.kind() != Kind.MARIADB) {
      return peers;
    }
    try {
      for (Peer peer : Peer.values()) {
        boolean selected = settings.scenarios().stream().anyMatch(s -> s.peer() == peer);
        if (selected) {
          PeerQueue queue =
              switch (peer) {
                case DB_SCHEDULER ->
                    new DbSchedulerPeer(backend.kind(), backend.url(), settings.workers(), suffix);
                case JOBRUNR ->
                    new JobRunrPeer(backend.kind(), backend.url(), settings.workers(), suffix);
              };
          peers.queues.add(queue);
          peers.opened.put(peer, new PeerScenarios(queue));
        }
      }
      return peers;
    } catch (RuntimeException e) {
      peers.close();
      throw e;
    }
  }

  boolean none() {
    return opened.isEmpty();
  }

  Map<Peer, PeerScenarios> opened() {
    return Collections.unmodifiableMap(opened);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (PeerQueue queue : queues) {
      try {
        queue.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

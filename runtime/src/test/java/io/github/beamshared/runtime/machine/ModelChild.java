package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.ClientStats;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.RemoteResourceException;
import io.github.beamshared.runtime.ResourceFactory;
import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A worker JVM of the multi-process tests. It reads commands from stdin and prints one result line
 * per command to stdout, as DoFn code would use the resource: one lease per DoFn instance, every
 * call of the non-thread-safe model under the lease's lock, as the generated wrapper does.
 *
 * <p>System properties: {@code test.tag}; {@code test.threadSafe} (false); {@code test.copies} (1);
 * {@code test.loadMillis} (100), how long the factory takes; {@code test.failLoads} (0), how many
 * first loads throw; {@code test.fingerprint} ("model-v1"); {@code test.exclusiveFile}, see {@link
 * #exclusiveModel()}; {@code test.loadLog}, a file: loads with a {@link LoggedModelFactory} on it,
 * which a dedicated host can run too, instead of the factory above.
 */
public final class ModelChild {

  private static final String TAG = System.getProperty("test.tag", "model");
  private static final boolean THREAD_SAFE = Boolean.getBoolean("test.threadSafe");
  private static final int COPIES = Integer.getInteger("test.copies", 1);
  private static final long LOAD_MILLIS = Long.getLong("test.loadMillis", 100);
  private static final int FAIL_LOADS = Integer.getInteger("test.failLoads", 0);
  private static final ModelRemote REMOTE =
      new ModelRemote(System.getProperty("test.fingerprint", "model-v1"));
  private static final String EXCLUSIVE = System.getProperty("test.exclusiveFile");
  private static final AtomicInteger LOAD_ATTEMPTS = new AtomicInteger();
  private static final String LOAD_LOG = System.getProperty("test.loadLog");
  private static final ResourceFactory<Model> FACTORY =
      LOAD_LOG != null ? new LoggedModelFactory(LOAD_LOG) : ModelChild::load;

  private static Model load() throws Exception {
    long pid = ProcessHandle.current().pid();
    System.out.println("LOADING " + pid);
    Thread.sleep(LOAD_MILLIS);
    if (LOAD_ATTEMPTS.incrementAndGet() <= FAIL_LOADS) {
      throw new IOException("model file missing");
    }
    System.out.println("LOADED " + pid);
    return EXCLUSIVE == null ? new ModelImpl() : exclusiveModel();
  }

  /**
   * A model that exists once on the machine: its load creates {@code test.exclusiveFile} and fails
   * if the file is there, as it is while another JVM's copy is loaded; unloading deletes it.
   */
  private static Model exclusiveModel() throws IOException {
    Path marker = Path.of(EXCLUSIVE);
    Files.writeString(
        marker,
        Long.toString(ProcessHandle.current().pid()),
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    return new ModelImpl(
        () -> {
          try {
            Files.delete(marker);
            System.out.println("UNLOADED " + ProcessHandle.current().pid());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private final List<Lease<Model>> leases = new CopyOnWriteArrayList<>();
  private final List<Thread> streams = new ArrayList<>();
  private final AtomicBoolean streaming = new AtomicBoolean();
  private final AtomicInteger streamed = new AtomicInteger();
  private final AtomicInteger streamFailures = new AtomicInteger();
  private final AtomicReference<String> firstStreamFailure = new AtomicReference<>("none");

  public static void main(String[] args) throws Exception {
    System.out.println("READY " + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    ModelChild child = new ModelChild();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.trim().split(" ");
      System.out.println(child.run(words));
    }
  }

  private String run(String[] words) throws Exception {
    switch (words[0]) {
      case "acquire":
        try {
          Lease<Model> lease = acquire();
          return "ACQUIRED hosting=" + hosting() + " host=" + guarded(lease, Model::hostPid);
        } catch (Exception e) {
          return "ACQUIRE-FAILED " + describe(e);
        }
      case "lease":
        try {
          acquire();
          return "LEASED";
        } catch (Exception e) {
          return "LEASE-FAILED " + describe(e);
        }
      case "acquire-v2":
        try {
          SharedResources.machineWide(TAG, new ModelRemote("model-v2"), THREAD_SAFE, FACTORY);
          return "ACQUIRED v2";
        } catch (RuntimeException e) {
          return "ACQUIRE-FAILED " + describe(e);
        }
      case "churn":
        return churn(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
      case "burst":
        return burst(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
      case "stream":
        return stream(Integer.parseInt(words[1]));
      case "timed":
        return timed(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
      case "oom-then-large":
        return oomThenLarge(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
      case "stop":
        return stop();
      case "call":
        try {
          return "RESULT " + call(words);
        } catch (Exception e) {
          return "THROWN " + describe(e);
        }
      case "roundtrip":
        return roundTrip();
      case "overlap":
        return overlap(Integer.parseInt(words[1]), Long.parseLong(words[2]));
      case "interrupt":
        return interruptCall(Long.parseLong(words[1]));
      case "interrupt-connect":
        return interruptedConnect(Long.parseLong(words[1]));
      case "interrupt-release":
        return interruptedRelease(Long.parseLong(words[1]));
      case "connections":
        return "CONNECTIONS "
            + Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("beamshared-host-" + TAG + "-connection"))
                .count();
      case "threads":
        return "THREADS "
            + Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("beamshared"))
                .sorted()
                .distinct()
                .collect(Collectors.joining(" "));
      case "stats":
        // What this JVM's registry holds: a client's statistics have only their client part.
        Optional<ResourceStats> stats = SharedResources.stats(TAG).filter(s -> s.acquires() > 0);
        return stats
            .map(
                s ->
                    "STATS loads="
                        + s.loads()
                        + " live="
                        + s.liveLeases()
                        + " acquires="
                        + s.acquires()
                        + " locks="
                        + s.lockAcquisitions())
            .orElse("STATS none");
      case "client-stats":
        return clientStats();
      case "echoes":
        return echoes(Integer.parseInt(words[1]));
      case "release":
        leases.forEach(Lease::release);
        int released = leases.size();
        leases.clear();
        return "RELEASED " + released;
      default:
        return "UNKNOWN " + words[0];
    }
  }

  private Lease<Model> acquire() {
    Lease<Model> lease = SharedResources.machineWide(TAG, REMOTE, THREAD_SAFE, COPIES, FACTORY);
    leases.add(lease);
    return lease;
  }

  private Object call(String[] words) throws Exception {
    Lease<Model> lease = leases.get(0);
    Model model = lease.get();
    lease.lock().lock();
    try {
      return switch (words[1]) {
        case "hostPid" -> model.hostPid();
        case "count" -> model.count();
        case "echo" -> model.echo(words[2]);
        case "slow" -> model.slowEcho("slow", Long.parseLong(words[2]));
        case "lengths" -> model.lengths(List.of(words).subList(2, words.length));
        case "fail" -> {
          model.fail(words[2]);
          yield "no exception";
        }
        default -> throw new IllegalArgumentException(words[1]);
      };
    } finally {
      lease.lock().unlock();
    }
  }

  /**
   * Threads acquire a lease and release it again, {@code cycles} times each, all at once; counts
   * the failed acquires, and apart those that lost their connection.
   */
  private String churn(int threads, int cycles) throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>("none");
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                  return;
                }
                for (int i = 0; i < cycles; i++) {
                  try {
                    SharedResources.machineWide(TAG, REMOTE, THREAD_SAFE, COPIES, FACTORY)
                        .release();
                    ok.incrementAndGet();
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    if (e instanceof ConnectionLostException) {
                      lost.incrementAndGet();
                    }
                    firstFailure.compareAndSet("none", describe(e));
                  }
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join(120_000);
    }
    return "CHURN ok=" + ok + " failed=" + failed + " lost=" + lost + " first=" + firstFailure;
  }

  /** Threads acquire their own lease at once, then increment and echo {@code calls} times. */
  private String burst(int threads, int calls) throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>("none");
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String name = "t" + t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await(30, TimeUnit.SECONDS);
                  Lease<Model> lease = acquire();
                  for (int i = 0; i < calls; i++) {
                    String text = name + "-" + i;
                    guarded(lease, Model::increment);
                    if (!text.equals(guarded(lease, m -> m.echo(text)))) {
                      throw new IllegalStateException("wrong echo for " + text);
                    }
                    answered.incrementAndGet();
                  }
                } catch (Exception e) {
                  failed.incrementAndGet();
                  firstFailure.compareAndSet("none", describe(e));
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join(60_000);
    }
    return "BURST ok=" + answered + " failed=" + failed + " first=" + firstFailure;
  }

  /**
   * {@code threads} threads echo {@code calls} times each through the first lease, all at once;
   * reports how many calls were answered or failed, and how long the slowest took.
   */
  private String timed(int threads, int calls) throws InterruptedException {
    Lease<Model> lease = leases.get(0);
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong slowestNanos = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>("none");
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String name = "t" + t;
      Thread caller =
          new Thread(
              () -> {
                try {
                  start.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                  return;
                }
                for (int i = 0; i < calls; i++) {
                  long began = System.nanoTime();
                  try {
                    guarded(lease, m -> m.echo(name));
                    answered.incrementAndGet();
                  } catch (Exception e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet("none", describe(e));
                  }
                  slowestNanos.accumulateAndGet(System.nanoTime() - began, Math::max);
                }
              });
      callers.add(caller);
      caller.start();
    }
    for (Thread caller : callers) {
      caller.join(120_000);
    }
    return "TIMED ok="
        + answered
        + " failed="
        + failed
        + " slowestMillis="
        + TimeUnit.NANOSECONDS.toMillis(slowestNanos.get())
        + " first="
        + firstFailure;
  }

  /**
   * Asks for an answer of {@code entries} map entries, too large for this JVM's heap to decode,
   * then makes a call whose argument holds {@code kib} KiB: the second call must not find the first
   * answer's rest in its connection.
   */
  private String oomThenLarge(int entries, int kib) {
    Model model = leases.get(0).get();
    String first;
    try {
      first = "answered " + model.lengths(List.of("many:" + entries)).size();
    } catch (Throwable e) {
      first = e.getClass().getName();
    }
    String second;
    try {
      String chunk = "x".repeat(1024);
      List<String> large = new ArrayList<>();
      for (int i = 0; i < kib; i++) {
        large.add(chunk + i);
      }
      second = "answered " + model.lengths(large).size();
    } catch (Exception e) {
      second = describe(e);
    }
    return "OOM-THEN-LARGE first=" + first + " second=" + second;
  }

  /** {@code threads} threads call slowEcho({@code millis}) through the first lease at once. */
  private String overlap(int threads, long millis) throws InterruptedException {
    Lease<Model> lease = leases.get(0);
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger answered = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>("none");
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String text = "o" + t;
      Thread caller =
          new Thread(
              () -> {
                try {
                  start.await(30, TimeUnit.SECONDS);
                  if (text.equals(lease.get().slowEcho(text, millis))) {
                    answered.incrementAndGet();
                  }
                } catch (Exception e) {
                  firstFailure.compareAndSet("none", describe(e));
                }
              });
      callers.add(caller);
      caller.start();
    }
    for (Thread caller : callers) {
      caller.join(60_000);
    }
    return "OVERLAP ok=" + answered + " first=" + firstFailure;
  }

  /**
   * A thread calls slowEcho({@code millis}), taking the only connection; meanwhile another thread,
   * already interrupted, calls echo, which must open a connection of its own.
   */
  private String interruptedConnect(long millis) throws InterruptedException {
    return "INTERRUPTED-CONNECT "
        + interruptedDuringACall(
            millis, () -> "answered " + leases.get(0).get().echo("interrupted"));
  }

  /**
   * As {@link #interruptedConnect}, but the interrupted thread releases the last lease, which is
   * not the client's last.
   */
  private String interruptedRelease(long millis) throws InterruptedException {
    return "INTERRUPTED-RELEASE "
        + interruptedDuringACall(
            millis,
            () -> {
              leases.remove(leases.size() - 1).release();
              return "released, interrupted=" + Thread.currentThread().isInterrupted();
            });
  }

  /**
   * Runs {@code action} on this thread, interrupted, while another thread calls slowEcho({@code
   * millis}) through the first lease; returns what each got.
   */
  private String interruptedDuringACall(long millis, Supplier<String> action)
      throws InterruptedException {
    Model model = leases.get(0).get();
    AtomicReference<String> slow = new AtomicReference<>("none");
    Thread caller =
        new Thread(
            () -> {
              try {
                slow.set("answered " + model.slowEcho("busy", millis));
              } catch (Exception e) {
                slow.set(describe(e));
              }
            });
    caller.start();
    Thread.sleep(millis / 4);
    String outcome;
    Thread.currentThread().interrupt();
    try {
      outcome = action.get();
    } catch (RuntimeException e) {
      outcome = describe(e);
    } finally {
      Thread.interrupted();
    }
    caller.join(60_000);
    return outcome + " | slow " + slow;
  }

  /** A thread calls slowEcho({@code millis}) and is interrupted while it waits for the reply. */
  private String interruptCall(long millis) throws InterruptedException {
    Model model = leases.get(0).get();
    AtomicReference<String> outcome = new AtomicReference<>("none");
    Thread caller =
        new Thread(
            () -> {
              try {
                outcome.set("answered " + model.slowEcho("late", millis));
              } catch (Exception e) {
                outcome.set(
                    describe(e) + " | interrupted=" + Thread.currentThread().isInterrupted());
              }
            });
    caller.start();
    Thread.sleep(millis / 4);
    caller.interrupt();
    caller.join(60_000);
    return "INTERRUPTED " + outcome.get();
  }

  /** Threads call slowEcho through the first lease until {@code stop}. */
  private String stream(int threads) {
    Lease<Model> lease = leases.get(0);
    streaming.set(true);
    for (int t = 0; t < threads; t++) {
      String name = "s" + t;
      Thread streamer =
          new Thread(
              () -> {
                for (int i = 0; streaming.get(); i++) {
                  String text = name + "-" + i;
                  try {
                    if (!text.equals(lease.get().slowEcho(text, 10))) {
                      throw new IllegalStateException("wrong echo for " + text);
                    }
                    streamed.incrementAndGet();
                  } catch (Exception e) {
                    streamFailures.incrementAndGet();
                    firstStreamFailure.compareAndSet("none", describe(e));
                  }
                }
              });
      streams.add(streamer);
      streamer.start();
    }
    return "STREAMING";
  }

  private String stop() throws InterruptedException {
    streaming.set(false);
    for (Thread streamer : streams) {
      streamer.join(60_000);
    }
    return "STREAM ok=" + streamed + " failed=" + streamFailures + " first=" + firstStreamFailure;
  }

  private String roundTrip() {
    Model model = leases.get(0).get();
    List<String> problems = new ArrayList<>();
    if (!new Model.Point(3, 2).equals(model.translate(new Model.Point(1, 2), 2))) {
      problems.add("translate");
    }
    Map<String, List<Integer>> lengths = Map.of("ab", List.of(2, 4), "c", List.of(1, 2));
    if (!lengths.equals(model.lengths(List.of("ab", "c")))) {
      problems.add("lengths");
    }
    try {
      model.fail("io");
      problems.add("io did not throw");
    } catch (IOException e) {
      if (!"disk gone".equals(e.getMessage())) {
        problems.add("io message " + e.getMessage());
      }
    }
    try {
      model.fail("undeclared");
      problems.add("undeclared did not throw");
    } catch (ModelImpl.UndeclaredException e) {
      if (!"undeclared".equals(e.getMessage())
          || !e.getStackTrace()[0].getClassName().endsWith("ModelImpl")) {
        problems.add("undeclared " + e + " at " + e.getStackTrace()[0]);
      }
    } catch (Exception e) {
      problems.add("undeclared threw " + e);
    }
    try {
      model.fail("custom");
      problems.add("custom did not throw");
    } catch (RemoteResourceException e) {
      if (!e.remoteClassName().endsWith("UnknownToClientsException")
          || !e.getMessage().contains("custom custom")
          || !e.getStackTrace()[0].getClassName().endsWith("ModelImpl")) {
        problems.add("custom " + e + " at " + e.getStackTrace()[0]);
      }
    } catch (Exception e) {
      problems.add("custom threw " + e);
    }
    return problems.isEmpty() ? "ROUNDTRIP ok" : "ROUNDTRIP bad " + problems;
  }

  /** Whether the resource is loaded in this JVM: it hosts it, or shares it within itself only. */
  private boolean hosting() {
    return SharedResources.stats(TAG).map(ResourceStats::loaded).orElse(false);
  }

  /**
   * This JVM's view of the tag's host and its calls through the stub, times in nanoseconds, and
   * whether {@code allStats()} lists the tag with the same host.
   */
  private static String clientStats() {
    ClientStats client = SharedResources.stats(TAG).orElseThrow().client();
    boolean listed =
        SharedResources.allStats().stream()
            .anyMatch(s -> s.tag().equals(TAG) && s.client().hostPid() == client.hostPid());
    return "CLIENT-STATS host="
        + client.hostPid()
        + " hostedHere="
        + client.hostedHere()
        + " calls="
        + client.calls()
        + " failed="
        + client.failedCalls()
        + " failovers="
        + client.failovers()
        + " mean="
        + client.meanCallTime().toNanos()
        + " p50="
        + client.p50CallTime().toNanos()
        + " p99="
        + client.p99CallTime().toNanos()
        + " max="
        + client.maxCallTime().toNanos()
        + " listed="
        + listed;
  }

  /** Echoes {@code calls} times through the first lease, one call after the other. */
  private String echoes(int calls) throws Exception {
    Lease<Model> lease = leases.get(0);
    int answered = 0;
    for (int i = 0; i < calls; i++) {
      String text = "e" + i;
      if (text.equals(guarded(lease, m -> m.echo(text)))) {
        answered++;
      }
    }
    return "ECHOED " + answered;
  }

  private interface ModelCall<R> {
    R call(Model model) throws Exception;
  }

  // What the generated wrapper of a non-thread-safe field does around every call.
  private static <R> R guarded(Lease<Model> lease, ModelCall<R> call) throws Exception {
    lease.lock().lock();
    try {
      return call.call(lease.get());
    } finally {
      lease.lock().unlock();
    }
  }

  private static String describe(Throwable e) {
    Throwable cause = e.getCause();
    return (e.getClass().getName()
            + " | "
            + e.getMessage()
            + " | cause="
            + (cause == null ? "none" : cause.getClass().getName() + " | " + cause.getMessage()))
        .replace('\n', ' ');
  }
}

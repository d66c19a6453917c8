package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.BatchMethod;
import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.RemoteInterface;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.batch.CallQueue;
import io.github.beamshared.runtime.transport.WireCodec;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What this JVM knows of one machine-wide tag and never changes.
 *
 * @param copies how many hosts serve the tag on the machine, each loading a copy of its own
 * @param localLeases leases from this JVM's registry, loading with this JVM's factory; used when
 *     this JVM hosts the tag
 * @param user the OS user every peer must run as
 */
record TagContext<T>(
    String tag,
    RemoteInterface<T> remote,
    boolean threadSafe,
    int copies,
    LocalLeases<T> localLeases,
    WireCodec codec,
    MachineConfig config,
    UserPrincipal user) {

  /** What copy {@code copy}'s files in the rendezvous directory are named after. */
  String slot(int copy) {
    return Rendezvous.slot(tag, copy);
  }

  /** The error of a caller interrupted while it waited for this tag's host. */
  SharedResourceException interrupted(Throwable cause) {
    return new SharedResourceException(
        "Interrupted while waiting for shared resource '" + tag + "'", cause);
  }

  /**
   * The error of a caller that gave up after {@code timeout}: the host with pid {@code hostPid} did
   * not {@code what} (e.g. "load it") in time, and {@code setting} is what to raise.
   */
  SharedResourceException hostTimedOut(
      long hostPid, String what, Duration timeout, String setting) {
    return new SharedResourceException(
        "The "
            + jvm(hostPid)
            + " hosting shared resource '"
            + tag
            + "' did not "
            + what
            + " within "
            + timeout.toSeconds()
            + " s. If it is slow but"
            + " progressing, raise -D"
            + setting
            + " (seconds).");
  }

  /** "JVM with pid 42", or "JVM" before the host's handshake told its pid. */
  static String jvm(long hostPid) {
    return hostPid > 0 ? "JVM with pid " + hostPid : "JVM";
  }

  /**
   * Runs method {@code method} on the resource held by {@code lease}, which lives in this JVM, for
   * a caller in the JVM {@code origin} ({@link CallQueue#THIS_JVM} or a pid). A {@code @BatchedBy}
   * method's call joins the tag's queue for it, where it runs in a batch with the calls of every
   * JVM; any other call runs under the tag's lock unless the resource is thread-safe: the one lock
   * that serializes the host's own threads and every client's calls. A call whose caller is {@code
   * gone} once its turn comes does not run, and throws; one already running runs to its end:
   * stopping it could leave the shared resource half-changed.
   */
  @Nullable Object invoke(
      Lease<T> lease, int method, Object[] arguments, long origin, BooleanSupplier gone)
      throws Exception {
    BatchMethod<T> batched = remote.batchMethod(method);
    if (batched != null) {
      return localLeases
          .queue(batched, threadSafe)
          .from(origin, config.callTimeout(), gone)
          .call(arguments);
    }
    if (threadSafe) {
      return dispatchUnlessGone(lease, method, arguments, gone);
    }
    lease.lock().lock();
    try {
      return dispatchUnlessGone(lease, method, arguments, gone);
    } finally {
      lease.lock().unlock();
    }
  }

  private @Nullable Object dispatchUnlessGone(
      Lease<T> lease, int method, Object[] arguments, BooleanSupplier gone) throws Exception {
    if (gone.getAsBoolean()) {
      throw new SharedResourceException(
          "A call of "
              + remote.methodName(method)
              + " on shared"
              + " resource '"
              + tag
              + "' did not run: its caller has gone.");
    }
    return remote.dispatch(lease.get(), method, arguments);
  }
}

package io.github.beamshared.runtime.protocol;

import java.util.List;

/**
 * A host's answer to STATUS: what it hosts, since when, and what it did. Counts are taken one after
 * the other while clients come and go, so they agree with each other only roughly.
 *
 * @param tag the tag the host serves, which the socket's name only abbreviates
 * @param hostPid the host's process id
 * @param mode "in-worker" (a worker JVM that won the election) or "dedicated" (a JVM started to
 *     host)
 * @param copies how many hosts serve the tag on the machine
 * @param copy which of them this host is, from 0
 * @param uptimeMillis how long the host has been hosting the tag
 * @param loaded whether the resource is loaded now
 * @param loads how many times the factory completed
 * @param leases the leases held now, by the pid of the JVM holding them, the host's own included
 * @param lockAcquisitions calls and batches that ran under the tag's lock
 * @param lockWaitNanos the total time they waited for the lock
 * @param batches batches the tag's {@code @BatchedBy} methods ran
 * @param batchedCalls the calls those batches answered
 * @param residentBytes the host process's resident memory, -1 where it cannot tell
 */
public record StatusReport(
    String tag,
    long hostPid,
    String mode,
    int copies,
    int copy,
    long uptimeMillis,
    boolean loaded,
    long loads,
    List<LeaseHolder> leases,
    long lockAcquisitions,
    long lockWaitNanos,
    long batches,
    long batchedCalls,
    long residentBytes) {

  /** The leases one JVM holds. */
  public record LeaseHolder(long pid, int leases) {}

  public StatusReport {
    leases = List.copyOf(leases);
  }
}

package io.github.beamshared.runtime.machine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The file lock that elects a tag's host, as one copy of this runtime takes it and gives it back.
 *
 * <p>Java's file locks are POSIX record locks, which belong to the whole process: closing any
 * channel on the file, from any class loader, silently releases a lock that another copy of this
 * runtime in the same JVM holds on it (the JDK's table of held locks only makes that copy's {@code
 * tryLock} throw {@link OverlappingFileLockException}). Copies of this runtime in one JVM, as in
 * per-job class loaders of a Flink session cluster, therefore coordinate through what every loader
 * shares, the JDK: they take and give back a tag's lock holding the monitor of one interned string
 * per lock file, and the copy holding the lock says so in a system property, which the others read
 * before they open the file at all. So a copy never has the file open, and never closes it, while
 * another copy holds its lock.
 *
 * <p>Guarded by the monitor of the owning {@link MachineTag}.
 */
final class TagLock {

  private static final String HELD_PREFIX = "beamshared.heldLock.";

  private final Path file;
  // The same string object in every copy of this runtime: the JVM interns it.
  private final String held;
  private @Nullable FileChannel channel;
  private @Nullable FileLock lock;

  TagLock(Path file) {
    this.file = file;
    this.held = (HELD_PREFIX + file.toAbsolutePath()).intern();
  }

  Path file() {
    return file;
  }

  /**
   * Takes the lock if no process holds it, and writes this JVM's pid into the file; returns whether
   * it did. False if another JVM holds it, or another copy of this runtime in this JVM.
   */
  boolean tryTake() throws IOException {
    synchronized (held) {
      if (System.getProperty(held) != null) {
        return false;
      }
      // Open already only if a copy of another version held the lock last time.
      FileChannel opened =
          channel != null
              ? channel
              : FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
      channel = null;
      FileLock taken;
      try {
        taken = opened.tryLock();
      } catch (OverlappingFileLockException heldByAnotherVersion) {
        // A copy of an earlier version of this runtime, which does not say so, holds it: closing
        // the channel would release its lock, so it stays open for the next election.
        channel = opened;
        return false;
      } catch (IOException | RuntimeException | Error e) {
        opened.close();
        throw e;
      }
      if (taken == null) {
        opened.close(); // no lock of this JVM is on the file: closing releases nothing
        return false;
      }
      channel = opened;
      lock = taken;
      System.setProperty(held, Long.toString(ThisProcess.PID));
      try {
        channel.truncate(0);
        channel.write(
            ByteBuffer.wrap(Long.toString(ThisProcess.PID).getBytes(StandardCharsets.UTF_8)), 0);
      } catch (IOException | RuntimeException | Error e) {
        try {
          release();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return true;
    }
  }

  /** Releases the lock taken by {@link #tryTake()}, clears the pid and closes the file. */
  void release() throws IOException {
    synchronized (held) {
      FileChannel taken = Objects.requireNonNull(channel, "released without tryTake");
      try {
        taken.truncate(0); // a stale pid would mislead the connect timeout's message
        Objects.requireNonNull(lock).release();
      } finally {
        lock = null;
        System.clearProperty(held);
        try {
          taken.close(); // releases the lock in any case
        } finally {
          channel = null;
        }
      }
    }
  }

  /** The pid written in the file by the JVM holding the lock, or "" if none is known. */
  String holder() {
    synchronized (held) {
      String inThisJvm = System.getProperty(held);
      if (inThisJvm != null) {
        return inThisJvm; // reading the file would close it, and release that copy's lock
      }
      try {
        return Files.readString(file).trim();
      } catch (IOException e) {
        return "";
      }
    }
  }
}

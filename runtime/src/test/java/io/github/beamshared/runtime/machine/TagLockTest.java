package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link TagLock}s of one file in one JVM, as two copies of the runtime in per-job class
 * loaders have: they coordinate only through the JDK, so two instances here behave as two copies.
 */
class TagLockTest {

  @TempDir Path directory;

  @Test
  void aSecondCopyInTheJvmLosesWithoutOpeningTheFileSoTheFirstKeepsItsLock() throws Exception {
    Path file = directory.resolve("tag.lock");
    TagLock first = new TagLock(file);
    TagLock second = new TagLock(file);

    assertTrue(first.tryTake());
    assertFalse(second.tryTake());

    // Closing a channel on the file would have released the first copy's lock for the whole JVM.
    assertTrue(lockedByThisJvm(file), "the first copy's lock is still held");
    assertEquals(1, openDescriptors(file), "only the first copy has the file open");
    assertEquals(Long.toString(ThisProcess.PID), second.holder());

    first.release();
    assertFalse(lockedByThisJvm(file));
    assertEquals(0, openDescriptors(file));
    assertEquals("", Files.readString(file), "no holder's pid is left");
    assertTrue(second.tryTake(), "the next election in this JVM wins");
    second.release();
  }

  private static boolean lockedByThisJvm(Path file) throws IOException {
    String inode = ":" + Files.getAttribute(file, "unix:ino") + " ";
    return Files.readAllLines(Path.of("/proc/locks")).stream()
        .anyMatch(lock -> lock.contains(" " + ThisProcess.PID + " ") && lock.contains(inode));
  }

  private static int openDescriptors(Path file) throws IOException {
    int open = 0;
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path descriptor : descriptors) {
        try {
          if (Files.readSymbolicLink(descriptor).equals(file)) {
            open++;
          }
        } catch (IOException closedMeanwhile) {
          // Not the file.
        }
      }
    }
    return open;
  }
}

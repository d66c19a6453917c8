package io.github.beamshared.sample;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The model's weights on disk: little-endian floats drawn from a fixed seed, so every run and every
 * JVM sees the same model. A file of the expected size is trusted as it is.
 */
final class WeightsFile {

  private static final long SEED = 20240611L;
  private static final int CHUNK_BYTES = 1 << 20;

  private WeightsFile() {}

  /** The {@code megabytes} MiB of weights at {@code path}, created first if missing or resized. */
  static float[] load(Path path, int megabytes) throws IOException {
    long bytes = (long) megabytes * CHUNK_BYTES;
    if (!Files.isRegularFile(path) || Files.size(path) != bytes) {
      create(path, bytes);
    }
    return read(path, bytes);
  }

  /**
   * Writes the file under a temporary name and moves it into place, so that a JVM loading the model
   * at the same time never reads a half-written file; a concurrent writer produces the same bytes.
   */
  private static void create(Path path, long bytes) throws IOException {
    Path directory = path.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, path.getFileName().toString(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(temporary, WRITE)) {
        SplittableRandom random = new SplittableRandom(SEED);
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = chunk.asFloatBuffer();
        for (long written = 0; written < bytes; written += CHUNK_BYTES) {
          floats.clear();
          while (floats.hasRemaining()) {
            floats.put((float) random.nextDouble(-1, 1));
          }
          chunk.clear();
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
      }
      Files.move(temporary, path, ATOMIC_MOVE, REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Reads in bulk, a chunk at a time: a 256 MB model loads in well under a second. */
  private static float[] read(Path path, long bytes) throws IOException {
    float[] weights = new float[Math.toIntExact(bytes / Float.BYTES)];
    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = chunk.asFloatBuffer();
    try (FileChannel in = FileChannel.open(path, READ)) {
      for (int offset = 0; offset < weights.length; offset += floats.capacity()) {
        chunk.clear();
        while (chunk.hasRemaining()) {
          if (in.read(chunk) < 0) {
            throw new EOFException(path + " ended before " + bytes + " bytes");
          }
        }
        floats.clear();
        floats.get(weights, offset, floats.capacity());
      }
    }
    return weights;
  }
}

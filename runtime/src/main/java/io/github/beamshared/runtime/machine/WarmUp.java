package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.transport.AdmittedTypes;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.WireCodec;
import io.github.beamshared.runtime.transport.WireInput;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;

/**
 * Does ahead of time what a fresh JVM's first machine-wide acquire would otherwise pay for, tens
 * of milliseconds: the JDK sets up its Unix domain sockets (which seed a SecureRandom), file locks
 * and peer credentials, and this runtime's client classes are loaded and initialized. Connects to
 * nothing and loads no resource; the rendezvous directory is opened, as the first acquire would.
 */
final class WarmUp {

  // What a client's first acquire and first call initialize, beyond what the steps below do.
  private static final List<Class<?>> CLASSES = List.of(
      MachineTag.class, TagContext.class, TagCalls.class, ClientLease.class,
      ClientChannel.class, CallConnections.class, Connection.class, CallWatchdog.class,
      ConnectionLostException.class, Protocol.class, Protocol.Hello.class, Protocol.LeaseId.class,
      Protocol.Message.class, FrameChannel.class, WireOutput.class, WireInput.class,
      WireCodec.class, ThrowableCodec.class, AdmittedTypes.class, PeerUser.class,
      ConcurrentLinkedDeque.class, Semaphore.class, AtomicLong.class, AtomicBoolean.class);

  private WarmUp() {}

  static void run(Rendezvous rendezvous) throws IOException {
    try (SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.getOption(ExtendedSocketOptions.SO_PEERCRED);
    } catch (IOException | UnsupportedOperationException notConnected) {
      // Expected: only the JDK's set-up was wanted.
    }
    try (FileChannel file = FileChannel.open(rendezvous.warmUpFile(),
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = file.tryLock()) {
      // Taken and released, as an election would.
    }
    for (Class<?> type : CLASSES) {
      try {
        Class.forName(type.getName(), true, type.getClassLoader());
      } catch (ClassNotFoundException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }
}

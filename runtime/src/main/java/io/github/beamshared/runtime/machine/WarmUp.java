package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.HeldLeases;
import io.github.beamshared.runtime.protocol.Hello;
import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.protocol.Welcome;
import io.github.beamshared.runtime.transport.AdmittedTypes;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.ThrowableCodec;
import io.github.beamshared.runtime.transport.WireCodec;
import io.github.beamshared.runtime.transport.WireInput;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Does ahead of time what a fresh JVM's first machine-wide acquire would otherwise pay for, tens of
 * milliseconds: the JDK sets up its Unix domain sockets (which seed a SecureRandom), file locks and
 * peer credentials, this runtime's client classes are loaded and initialized, a message goes each
 * way over a socket of this JVM's own, and the threads of the call watchdog and of the first tag's
 * reader are started. Connects to no other JVM and loads no resource; the rendezvous directory is
 * opened, as the first acquire would.
 */
final class WarmUp {

  // What a client's first acquire and first call initialize, beyond what the steps below do.
  private static final List<Class<?>> CLASSES =
      List.of(
          HeldLeases.class,
          LocalLeases.class,
          MachineTag.class,
          HostElection.class,
          HostElection.Chosen.class,
          TagLock.class,
          TagContext.class,
          TagCalls.class,
          ClientCounters.class,
          LatencyHistogram.class,
          ClientLease.class,
          ClientChannel.class,
          ClientChannel.Answer.class,
          CallConnections.class,
          Connection.class,
          Watchdog.class,
          ConnectionLostException.class,
          ThisProcess.class,
          Protocol.class,
          MessageType.class,
          Message.class,
          Hello.class,
          Welcome.class,
          FrameChannel.class,
          WireOutput.class,
          WireInput.class,
          WireCodec.class,
          ThrowableCodec.class,
          AdmittedTypes.class,
          PeerUser.class,
          ConcurrentLinkedDeque.class,
          AtomicLong.class,
          AtomicLongArray.class,
          AtomicBoolean.class);

  private WarmUp() {}

  @SuppressWarnings("try") // the lock is taken and released for what that runs, and not used
  static void run(Rendezvous rendezvous) throws IOException {
    loopback(rendezvous);
    try (FileChannel file =
            FileChannel.open(
                rendezvous.warmUpFile(),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = file.tryLock()) {
      // Taken and released, as an election would.
    } catch (OverlappingFileLockException warmingUpInThisJvm) {
      // Another copy of this runtime in this JVM holds it: the lock code ran all the same.
    }
    for (Class<?> type : CLASSES) {
      try {
        Class.forName(type.getName(), true, type.getClassLoader());
      } catch (ClassNotFoundException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    new Semaphore(1).release(); // loads the JDK's nested classes behind a call pool's limit
    // A thread start waits until the new thread runs, which can take milliseconds while a
    // fresh JVM's compiler threads fill the cores.
    Watchdog.prestart();
    ClientChannel.prestartReader();
  }

  /**
   * Connects to a socket of this JVM's own and sends a message each way, a call and its result, as
   * a client and its host do: the first run of the JDK's connect, accept and peer-credentials code
   * and of this runtime's framing and codec, which loads and links what they use, happens here.
   */
  private static void loopback(Rendezvous rendezvous) throws IOException {
    Path socket = rendezvous.warmUpSocket();
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
    Files.deleteIfExists(socket); // left by a JVM that died with this pid
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address);
      client.connect(address);
      try (SocketChannel accepted = server.accept()) {
        PeerUser.check(client, rendezvous.user());
        PeerUser.check(accepted, rendezvous.user());
        FrameChannel clientFrames = new FrameChannel(client, Integer.MAX_VALUE);
        FrameChannel hostFrames = new FrameChannel(accepted, Integer.MAX_VALUE);
        WireOutput out = new WireOutput();
        // A call and its result, whose values run the codec: its value types, which the list
        // above cannot name, are loaded and linked too.
        WireCodec codec = new WireCodec(AdmittedTypes.of(List.of()));
        clientFrames.write(Protocol.writeCall(out, 1, 0, new Object[] {""}, codec));
        Protocol.readCall(Message.read(hostFrames.read()), codec);
        hostFrames.write(Protocol.writeResult(out, 1, 0, codec));
        Protocol.readResult(Message.read(clientFrames.read()), codec);
      }
    } finally {
      Files.deleteIfExists(socket);
    }
  }
}

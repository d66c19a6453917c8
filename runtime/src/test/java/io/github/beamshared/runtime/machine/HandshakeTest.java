package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.beamshared.runtime.protocol.Message;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.protocol.Welcome;
import io.github.beamshared.runtime.transport.FrameChannel;
import io.github.beamshared.runtime.transport.WireOutput;
import io.github.beamshared.testsupport.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A client JVM's handshake, with this test playing the host of the tag. */
@Timeout(60)
class HandshakeTest {

  private static final long HOST_PID = 4242;

  @TempDir Path base;

  @Test
  void aClientsFirstAcquireTravelsWithItsHandshakeBeforeAnyAnswer() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      Rendezvous rendezvous = Rendezvous.open(jvms.directory());
      try (FileChannel lockFile =
              FileChannel.open(
                  rendezvous.lockFile("model"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          FileLock hostsLock = lockFile.tryLock();
          ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(rendezvous.socketFile("model")));
        ChildJvm client = jvms.start();
        client.send("lease");

        try (SocketChannel peer = acceptWithin(server, ChildJvms.WAIT_SECONDS)) {
          FrameChannel frames = new FrameChannel(peer, 1 << 20);
          // Nothing is answered until both have arrived: a client that waited for the welcome
          // before sending its acquire would never send it.
          List<Received> received = readTwo(frames);
          assertEquals(MessageType.HELLO, received.get(0).type());
          assertEquals(MessageType.ACQUIRE, received.get(1).type());
          assertEquals(Connection.FIRST_ACQUIRE, received.get(1).id());

          WireOutput out = new WireOutput();
          frames.write(
              Protocol.writeWelcome(out, received.get(0).id(), new Welcome(HOST_PID, 1, 1 << 20)));
          frames.write(Protocol.writeLeased(out, received.get(1).id()));

          assertEquals("LEASED", client.expect("LEASE"));
        }
      }
    }
  }

  /** A message's type and request id: the message itself is valid only until the next read. */
  private record Received(MessageType type, long id) {}

  /** The first two messages, read off the test's thread so that the wait for them is bounded. */
  private static List<Received> readTwo(FrameChannel frames) throws Exception {
    CompletableFuture<List<Received>> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                Message hello = Message.read(frames.read());
                Received first = new Received(hello.type(), hello.id());
                Message acquire = Message.read(frames.read());
                return List.of(first, new Received(acquire.type(), acquire.id()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      return read.get(ChildJvms.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      frames.close(); // ends a read still waiting
      throw new AssertionError(
          "The client sent no acquire right behind its handshake (waiting"
              + " for the host's welcome first, it would have sent nothing more, and hung up once its"
              + " connect timeout passed)",
          e);
    }
  }

  private static SocketChannel acceptWithin(ServerSocketChannel server, long seconds)
      throws Exception {
    server.configureBlocking(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      SocketChannel peer = server.accept();
      if (peer != null) {
        peer.configureBlocking(true);
        return peer;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("The client did not connect within " + seconds + " s");
  }
}

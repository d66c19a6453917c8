package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.beamshared.runtime.machine.Protocol.Message;
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

  @TempDir
  Path base;

  @Test
  void aClientsFirstAcquireTravelsWithItsHandshakeBeforeAnyAnswer() throws Exception {
    try (ChildJvms jvms = new ChildJvms(base)) {
      Rendezvous rendezvous = Rendezvous.open(jvms.directory());
      try (FileChannel lockFile = FileChannel.open(rendezvous.lockFile("model"),
              StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
          assertEquals(Protocol.HELLO, received.get(0).kind());
          assertEquals(Protocol.ACQUIRE, received.get(1).kind());
          assertEquals(Connection.FIRST_ACQUIRE, received.get(1).id());

          WireOutput out = new WireOutput();
          frames.write(Protocol.message(out, Protocol.WELCOME, received.get(0).id(), body -> {
            body.writeLong(HOST_PID);
            body.writeLong(1);
            body.writeInt(1 << 20);
          }));
          frames.write(Protocol.message(out, Protocol.LEASED, received.get(1).id(), body -> { }));

          assertEquals("LEASED", client.expect("LEASE"));
        }
      }
    }
  }

  /** A message's kind and request id: the message itself is valid only until the next read. */
  private record Received(byte kind, long id) {}

  /** The first two messages, read off the test's thread so that the wait for them is bounded. */
  private static List<Received> readTwo(FrameChannel frames) throws Exception {
    CompletableFuture<List<Received>> read = CompletableFuture.supplyAsync(() -> {
      try {
        Message hello = Message.parse(frames.read());
        Received first = new Received(hello.kind(), hello.id());
        Message acquire = Message.parse(frames.read());
        return List.of(first, new Received(acquire.kind(), acquire.id()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      return read.get(ChildJvms.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      frames.close(); // ends a read still waiting
      throw new AssertionError("The client sent no acquire right behind its handshake (waiting"
          + " for the host's welcome first, it would have sent nothing more, and hung up once its"
          + " connect timeout passed)", e);
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

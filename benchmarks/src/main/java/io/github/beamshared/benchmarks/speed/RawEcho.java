package io.github.beamshared.benchmarks.speed;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline of the cross-process benchmark: the least a call over a Unix domain socket can cost.
 * A frame is a four-byte big-endian length and that many bytes; the server answers each frame with
 * the same frame, one thread per connection, and the client reads the answer into a new array, as a
 * call returning {@code byte[]} must.
 */
final class RawEcho {

  private RawEcho() {}

  /** Serves echoes on {@code socket} from daemon threads until the JVM exits. */
  static void serve(Path socket) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread acceptor =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try {
                  SocketChannel channel = server.accept();
                  Thread connection = new Thread(() -> echoAll(channel), "raw-echo-connection");
                  connection.setDaemon(true);
                  connection.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "raw-echo-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void echoAll(SocketChannel channel) {
    ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
    ByteBuffer body = ByteBuffer.allocate(16);
    try (channel) {
      while (true) {
        header.clear();
        readFully(channel, header);
        int length = header.getInt(0);
        if (length <= 0 || length > (64 << 20)) {
          return;
        }
        if (body.capacity() < length) {
          body = ByteBuffer.allocate(length);
        }
        body.clear().limit(length);
        readFully(channel, body);
        header.flip();
        body.flip();
        ByteBuffer[] frame = {header, body};
        while (body.hasRemaining()) {
          channel.write(frame);
        }
      }
    } catch (IOException e) {
      // The client hung up.
    }
  }

  /** One client connection; used by one thread at a time. */
  static final class Client implements AutoCloseable {

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);

    Client(Path socket) throws IOException {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
    }

    /** Sends {@code data} and returns the echo, in a new array. */
    byte[] echo(byte[] data) throws IOException {
      header.clear();
      header.putInt(0, data.length);
      ByteBuffer[] frame = {header, ByteBuffer.wrap(data)};
      while (frame[1].hasRemaining()) {
        channel.write(frame);
      }
      header.clear();
      readFully(channel, header);
      byte[] answer = new byte[header.getInt(0)];
      readFully(channel, ByteBuffer.wrap(answer));
      return answer;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException();
      }
    }
  }
}

/**
 * The protocol between a client JVM and the JVM hosting a tag, and between the status command and a
 * host: every message, its encoding ({@link io.github.beamshared.runtime.protocol.Protocol}, which
 * writes and reads each one), when it is sent, and the limits on it. Version {@value
 * io.github.beamshared.runtime.protocol.Protocol#VERSION}.
 *
 * <h2>Frames and fields</h2>
 *
 * Both ends run on one machine and talk over a Unix domain socket, each end checking that its peer
 * runs as its own OS user. Each message is one frame: its length as an int, then that many bytes
 * (see {@link io.github.beamshared.runtime.transport.FrameChannel}). Numbers are in the machine's
 * native byte order; a boolean is a byte, 0 or 1; a string is its length in UTF-8 bytes as an int
 * (-1 for null), then those bytes. A message starts with its type byte ({@link
 * io.github.beamshared.runtime.protocol.MessageType}) and a request id (a long); a reply carries
 * the id of its request. Then comes the type's body:
 *
 * <table>
 * <caption>Messages</caption>
 * <tr><th>type</th><th>byte</th><th>from</th><th>body</th><th>answered by</th></tr>
 * <tr><td>HELLO</td><td>1</td><td>client</td><td>version int, tag string, interface name
 *     string, fingerprint string, pid long, threadSafe boolean, session long (0 starts a
 *     session)</td><td>WELCOME or REFUSED</td></tr>
 * <tr><td>ACQUIRE</td><td>2</td><td>client</td><td>lease id long</td><td>LEASED or
 *     FAILED</td></tr>
 * <tr><td>RELEASE</td><td>3</td><td>client</td><td>lease id long; request id 0</td>
 *     <td>nothing</td></tr>
 * <tr><td>CALL</td><td>4</td><td>client</td><td>method number int, argument count int (at most
 *     {@value io.github.beamshared.runtime.protocol.Protocol#MAX_ARGUMENTS}), then each argument as
 *     a value</td><td>RESULT or THROWN</td></tr>
 * <tr><td>PING</td><td>5</td><td>client</td><td>nothing</td><td>PONG</td></tr>
 * <tr><td>WELCOME</td><td>11</td><td>host</td><td>host pid long, session long, host's largest
 *     frame int</td><td></td></tr>
 * <tr><td>REFUSED</td><td>12</td><td>host</td><td>reason string; then the host hangs
 *     up</td><td></td></tr>
 * <tr><td>LEASED</td><td>13</td><td>host</td><td>nothing</td><td></td></tr>
 * <tr><td>FAILED</td><td>14</td><td>host</td><td>what the load threw, as a throwable</td>
 *     <td></td></tr>
 * <tr><td>RESULT</td><td>15</td><td>host</td><td>the result, as a value</td><td></td></tr>
 * <tr><td>THROWN</td><td>16</td><td>host</td><td>what the call threw, as a throwable</td>
 *     <td></td></tr>
 * <tr><td>PONG</td><td>17</td><td>host</td><td>nothing</td><td></td></tr>
 * <tr><td>STATUS</td><td>21</td><td>command</td><td>version int, pid long</td>
 *     <td>STATUS_REPORT or REFUSED</td></tr>
 * <tr><td>UNLOAD</td><td>22</td><td>command</td><td>version int, pid long, tag string</td>
 *     <td>DONE or REFUSED</td></tr>
 * <tr><td>STOP</td><td>23</td><td>command</td><td>version int, pid long, tag string</td>
 *     <td>DONE or REFUSED</td></tr>
 * <tr><td>STATUS_REPORT</td><td>31</td><td>host</td><td>tag string, host pid long, mode string
 *     ("in-worker" or "dedicated"), copies int, copy (this host's index) int, uptime in ms long, loaded boolean, loads long,
 *     lease holders int, then each one's pid long and leases int, lock acquisitions long, lock
 *     wait in ns long, batches long, batched calls long, resident bytes long (-1: unknown)</td>
 *     <td></td></tr>
 * <tr><td>DONE</td><td>32</td><td>host</td><td>what it did, a string for the command's
 *     user</td><td></td></tr>
 * </table>
 *
 * A value is a type byte and what that type says follows ({@link
 * io.github.beamshared.runtime.transport.WireCodec}, whose type bytes are listed in one enum,
 * {@code transport.ValueType}); a throwable is its class name, message, stack trace, causes and
 * Java serialization ({@link io.github.beamshared.runtime.transport.ThrowableCodec}).
 *
 * <h2>Connections and the handshake</h2>
 *
 * A client opens a control connection per tag, whose HELLO names session 0: the host starts a
 * session for it, and WELCOME names it. Acquires, releases and pings travel on the control
 * connection; when it closes, the host takes the client for gone, releases its leases and runs none
 * of its calls that have not started. Calls travel on call connections, whose HELLO names the
 * control connection's session, one call at a time each. A client numbers the requests of a
 * connection from 1, so HELLO is request 1, and sends the first ACQUIRE of a control connection
 * (request 2) right behind its HELLO, without waiting: the host answers a connection's messages in
 * the order they came, so WELCOME comes first, then LEASED or FAILED.
 *
 * <p>The host refuses a HELLO, answering REFUSED with a reason for the client's user and hanging
 * up, if the version differs, the tag is another (two tags whose socket names collide), the
 * interface's name or fingerprint differs, threadSafe differs, or the client's JVM holds its limit
 * of connections. It refuses a connection over its total limit, or one it has no thread for,
 * without reading the HELLO (the REFUSED answers request 1). It hangs up without a word on a
 * connection whose first message is neither a HELLO nor a control request, a second HELLO, a HELLO
 * joining a session that has ended, a CALL on a control connection, an ACQUIRE of a lease id the
 * connection holds, an unknown message type, or a malformed message; arguments that cannot be
 * decoded fail only their call (THROWN).
 *
 * <h2>The status command's connections</h2>
 *
 * The status command ({@code java -jar beam-shared-runtime.jar status}) opens a connection of its
 * own per request, on the tag's socket, and checks its peer's OS user as a client does. Its first
 * and only message, a control request (unlike a client's control connection, it holds no lease), is
 * STATUS, UNLOAD or STOP, in place of a HELLO; the host answers it, then hangs up. A host answers
 * STATUS with what it hosts; UNLOAD with DONE once it has unloaded the resource (or found it
 * unloaded), or REFUSED naming who holds leases; STOP with DONE if it is a dedicated host, which
 * then stops hosting and exits, or REFUSED if it is a worker. It refuses a request of another
 * version, or naming another tag. The request, as a HELLO, must arrive within the connect timeout
 * and fit in the frame limit before a handshake; the answer must be taken within the frame timeout;
 * the connection counts against the host's total limit.
 *
 * <h2>Versions</h2>
 *
 * Every version starts HELLO with version, tag, interface name, fingerprint and pid, and REFUSED is
 * a reason string in every version. A host reads only these fields of a HELLO of another version
 * and refuses it, naming both versions and the client's pid, so a client of any version learns why
 * it cannot share the tag (every JVM sharing one must run the same beam-shared version). Control
 * requests likewise start with version and pid in every version, and a host refuses one of another
 * version, naming both. Any other change to a message, a type byte or a value's encoding is a new
 * {@code VERSION}; a new message that opens a connection of its own, as the control requests did,
 * is not: nothing a client and host of the version exchange changes, and a host that predates it
 * hangs up on its unknown type, which tells the sender that the host does not speak it.
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>Frames: the host accepts at most {@value
 *       io.github.beamshared.runtime.protocol.Protocol#PRE_HANDSHAKE_MAX_FRAME_BYTES} bytes before
 *       a connection's handshake, then {@code beamshared.maxFrameBytes} (64 MiB by default) each
 *       way, checked on the length before any byte is taken; a peer announcing more is
 *       disconnected. WELCOME tells the client the host's limit, and a client fails a call whose
 *       message would exceed it without sending it.
 *   <li>Times, at the host: the HELLO must arrive within {@code beamshared.connectTimeoutSeconds}
 *       (10) of the connect; each later message, once it has begun to arrive, within {@code
 *       beamshared.frameTimeoutSeconds} (60), and each answer must be taken within that too, or the
 *       peer is disconnected. Between messages a connection may stay idle.
 *   <li>Times, at the client: connecting and the handshake within the connect timeout; an ACQUIRE
 *       answered within {@code beamshared.loadTimeoutSeconds} (1800), a PING within the connect
 *       timeout, a CALL within {@code beamshared.callTimeoutSeconds} (600), end to end.
 *   <li>Connections per tag at the host: {@code beamshared.maxConnections} (256) in all, {@code
 *       beamshared.maxConnectionsPerPeer} (64) per client JVM.
 *   <li>Values: nested at most 64 levels deep, each length checked against the bytes left.
 * </ul>
 *
 * The settings are those of {@link io.github.beamshared.runtime.machine.MachineConfig}.
 */
package io.github.beamshared.runtime.protocol;

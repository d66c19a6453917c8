package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.RemoteCalls;

/**
 * The calls of one tag's stub in a client JVM. They go to the host over the client's connections,
 * or straight to the resource once this JVM has become the host. A call whose connection breaks is
 * retried once, after failover; so a call may run twice if the host died after running it.
 */
final class TagCalls implements RemoteCalls {

  private final MachineTag<?> tag;

  TagCalls(MachineTag<?> tag) {
    this.tag = tag;
  }

  @Override
  public Object call(int method, Object[] arguments) throws Exception {
    ClientChannel channel = tag.route();
    if (channel == null) {
      return tag.callHere(method, arguments);
    }
    try {
      return channel.call(method, arguments);
    } catch (ConnectionLostException lost) {
      tag.recover(channel);
      ClientChannel next = tag.route();
      return next == null ? tag.callHere(method, arguments) : next.call(method, arguments);
    }
  }
}

package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.RemoteCalls;
import io.github.beamshared.runtime.SharedResourceException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of one tag's stub in a client JVM. They go to the host over the client's connections,
 * or straight to the resource once this JVM has become the host.
 *
 * <p>On failure: when a call's connection breaks, the control connection tells whether the host
 * lives. If it died, this JVM fails over and the call runs again on the next host, with a warning,
 * since the dead host may have run it. If it lives, only that connection broke: a call not sent
 * whole is sent again on a fresh connection, and one that was sent fails, so that no call runs
 * twice on a live host and no other call is touched.
 *
 * <p>Every call is counted with its time, failover included, in the tag's {@link ClientCounters}:
 * as failed if it threw a {@link SharedResourceException}, as answered if it returned or threw what
 * the resource threw.
 */
final class TagCalls implements RemoteCalls {

  private static final Logger LOG = LoggerFactory.getLogger(TagCalls.class);

  private final MachineTag<?> tag;
  private final ClientCounters counters;

  TagCalls(MachineTag<?> tag) {
    this.tag = tag;
    this.counters = tag.counters();
  }

  /** Runs the call, and counts it with its time and whether it reached an answer. */
  @Override
  public @Nullable Object call(int method, Object[] arguments) throws Exception {
    long start = System.nanoTime();
    try {
      Object result = deliver(method, arguments);
      counters.called(System.nanoTime() - start, false);
      return result;
    } catch (Exception | Error thrown) {
      counters.called(System.nanoTime() - start, thrown instanceof SharedResourceException);
      throw thrown;
    }
  }

  private @Nullable Object deliver(int method, Object[] arguments) throws Exception {
    ClientChannel channel;
    long retryDeadline = 0;
    while ((channel = tag.route()) == null) {
      try {
        return tag.callHere(method, arguments);
      } catch (NotHostingException stopped) {
        // This JVM stood down as host meanwhile: once the stop has ended, route() elects again,
        // for up to the connect timeout.
        retryDeadline = tag.retryUntil(retryDeadline, stopped);
      }
    }
    try {
      return channel.call(method, arguments);
    } catch (ConnectionLostException lost) {
      if (channel.hostAnswers()) {
        if (lost.afterSending()) {
          throw new SharedResourceException(
              "The connection of a call of "
                  + tag.context().remote().methodName(method)
                  + " of shared resource '"
                  + tag.context().tag()
                  + "' broke after the call was sent"
                  + " to the "
                  + TagContext.jvm(channel.hostPid())
                  + " hosting it, which still"
                  + " runs: the call may or may not have run there, so it is not sent again.",
              lost);
        }
        return channel.call(method, arguments); // the host never had it
      }
      tag.recover(channel);
      LOG.warn(
          "Shared resource '{}': the {} hosting it died during a call of {}; the call runs"
              + " again on the next host, and may have run twice",
          tag.context().tag(),
          TagContext.jvm(channel.hostPid()),
          tag.context().remote().methodName(method));
      ClientChannel next = tag.route();
      return next == null ? tag.callHere(method, arguments) : next.call(method, arguments);
    }
  }
}

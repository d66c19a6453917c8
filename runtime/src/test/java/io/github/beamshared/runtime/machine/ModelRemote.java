package io.github.beamshared.runtime.machine;

import io.github.beamshared.runtime.RemoteCalls;
import io.github.beamshared.runtime.RemoteInterface;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Written by hand in the shape the processor generates for {@link Model}: numbered methods, a
 * switch-based dispatch and a stub that rethrows runtime and declared exceptions as they are.
 */
final class ModelRemote implements RemoteInterface<Model> {

  private final String fingerprint;

  ModelRemote(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  @Override
  public Class<Model> type() {
    return Model.class;
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  // Like the processor's: only classes crossing through Java serialization; records and enums are
  // found in the interface's signatures.
  @Override
  public Set<Class<?>> serializableTypes() {
    return Set.of();
  }

  @Override
  public Model stub(RemoteCalls calls) {
    return new Stub(calls);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object dispatch(Model target, int method, Object[] arguments) throws Exception {
    switch (method) {
      case 0:
        return target.echo((String) arguments[0]);
      case 1:
        return target.hostPid();
      case 2:
        return target.increment();
      case 3:
        return target.count();
      case 4:
        return target.slowEcho((String) arguments[0], (Long) arguments[1]);
      case 5:
        return target.translate((Model.Point) arguments[0], (Integer) arguments[1]);
      case 6:
        return target.lengths((List<String>) arguments[0]);
      case 7:
        target.fail((String) arguments[0]);
        return null;
      default:
        throw new IllegalArgumentException("Model has no method #" + method);
    }
  }

  private static final class Stub implements Model {

    private final RemoteCalls calls;

    Stub(RemoteCalls calls) {
      this.calls = calls;
    }

    @Override
    public String echo(String text) {
      return (String) call(0, text);
    }

    @Override
    public long hostPid() {
      return (Long) call(1);
    }

    @Override
    public int increment() {
      return (Integer) call(2);
    }

    @Override
    public int count() {
      return (Integer) call(3);
    }

    @Override
    public String slowEcho(String text, long millis) throws InterruptedException {
      try {
        return (String) calls.call(4, new Object[] {text, millis});
      } catch (RuntimeException | InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new UndeclaredThrowableException(e);
      }
    }

    @Override
    public Point translate(Point point, int dx) {
      return (Point) call(5, point, dx);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, List<Integer>> lengths(List<String> words) {
      return (Map<String, List<Integer>>) call(6, words);
    }

    @Override
    public void fail(String kind) throws IOException {
      try {
        calls.call(7, new Object[] {kind});
      } catch (RuntimeException | IOException e) {
        throw e;
      } catch (Exception e) {
        throw new UndeclaredThrowableException(e);
      }
    }

    private Object call(int method, Object... arguments) {
      try {
        return calls.call(method, arguments);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new UndeclaredThrowableException(e);
      }
    }
  }
}

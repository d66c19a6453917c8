package io.github.beamshared.runtime.local;

import static io.github.beamshared.runtime.TestThreads.TIMEOUT_SECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.beamshared.runtime.ResourceFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** A factory that blocks until the test releases it, so the test decides when a load ends. */
final class BlockingFactory implements ResourceFactory<Object> {

  private final Callable<Object> outcome;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();

  /** {@code outcome} is what the load returns or throws once released. */
  BlockingFactory(Callable<Object> outcome) {
    this.outcome = outcome;
  }

  @Override
  public Object create() throws Exception {
    calls.incrementAndGet();
    started.countDown();
    if (!released.await(TIMEOUT_SECONDS, SECONDS)) {
      throw new TimeoutException("The test never released the factory");
    }
    return outcome.call();
  }

  void awaitStarted() throws InterruptedException {
    assertTrue(started.await(TIMEOUT_SECONDS, SECONDS), "the factory never started");
  }

  void release() {
    released.countDown();
  }

  int calls() {
    return calls.get();
  }
}

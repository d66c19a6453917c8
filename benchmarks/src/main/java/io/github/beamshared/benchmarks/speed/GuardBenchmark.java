package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.runtime.Lease;
import io.github.beamshared.runtime.SharedResources;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One thread, no contention: a call through the generated {@code GuardedScorer} beside a direct
 * call on the same object, and the acquire of a loaded tag beside the cheapest possible lookup of
 * it. Run by {@link InProcessBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardBenchmark {

  private ScoreFn_Shared fn;
  private Scorer guarded;
  private Scorer direct;
  private Lease<Scorer> held;
  private final ConcurrentHashMap<String, Scorer> map = new ConcurrentHashMap<>();
  // Read from a field so the JIT cannot fold the argument.
  private long x = 7;

  @Setup(Level.Trial)
  public void setUp() {
    fn = new ScoreFn_Shared();
    fn.setUpSharedResources(PipelineOptionsFactory.create());
    guarded = fn.scorer;
    held = SharedResources.jvmWide(ScoreFn.TAG, Scorer.class, CountingScorer::new);
    direct = held.get();
    map.put(ScoreFn.TAG, direct);
    if (guarded == direct || guarded.getClass() == CountingScorer.class) {
      throw new IllegalStateException("Expected the generated wrapper, got " + guarded.getClass());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fn.tearDownSharedResources();
    held.release();
  }

  /** The baseline: the resource called directly. */
  @Benchmark
  public long direct() {
    return direct.score(x);
  }

  /** The generated wrapper: {@code lock(); try { delegate.score(x) } finally { unlock(); }}. */
  @Benchmark
  public long guarded() {
    return guarded.score(x);
  }

  /** What every DoFn setup after the first does: lease the loaded tag, and give the lease back. */
  @Benchmark
  public Scorer acquireLoaded() {
    Lease<Scorer> lease = SharedResources.jvmWide(ScoreFn.TAG, Scorer.class, CountingScorer::new);
    Scorer resource = lease.get();
    lease.release();
    return resource;
  }

  /** The baseline of an acquire: a concurrent map lookup of the present tag. */
  @Benchmark
  public Scorer mapLookup() {
    return map.computeIfAbsent(ScoreFn.TAG, tag -> new CountingScorer());
  }
}

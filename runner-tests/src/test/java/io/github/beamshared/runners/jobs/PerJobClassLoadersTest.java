package io.github.beamshared.runners.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.WeakReference;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two jobs in one JVM, each in a child-first class loader of its own as a Flink session cluster
 * runs them, each with its own copy of Beam and of the beam-shared runtime: the JVM-wide tag loads
 * once per job, the machine-wide tag once in all (one copy of the runtime hosts it, the other
 * connects to it like another JVM would), and once both jobs are done nothing of theirs is left: no
 * thread, lock or socket, and both loaders can be collected.
 *
 * <p>Nothing of a job's loader may be held here: this class names the job's classes by string only
 * and keeps nothing but JDK objects from it, so that a loader that stays reachable is a leak of
 * Beam or of the runtime.
 */
@Timeout(120)
class PerJobClassLoadersTest {

  private static final String JOB = "io.github.beamshared.runners.jobs.Job";
  private static final long JOB_SECONDS = 60;
  private static final long GONE_SECONDS = 30;

  @Test
  void twoJobsShareTheMachineWideTagAndLeaveNothingBehind() throws Exception {
    Path directory =
        Path.of(System.getProperty("beamshared.dir"))
            .resolve("jobs-" + Long.toHexString(System.nanoTime()));
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

    List<Map<String, Object>> reports = runTwoJobsAtOnce(directory, loaders);

    for (Map<String, Object> report : reports) {
      assertEquals("DONE", report.get("state"), report.toString());
      assertEquals(Job.TEXTS, report.get("processed"), "every element: " + report);
      assertEquals(true, report.get("ownRuntime"), "the job's own runtime: " + report);
      assertEquals(1L, report.get("jvmLoads"), "@Shared loads once per job: " + report);
      assertEquals(0, report.get("jvmLive"), "every lease released: " + report);
    }
    assertEquals(
        1L,
        reports.stream().mapToLong(report -> (long) report.get("machineLoads")).sum(),
        "@MultiProcessShared loads once in all: " + reports);

    JobLeftovers.awaitNone(directory, GONE_SECONDS);
    awaitCollected(loaders);
  }

  @Test
  void aJobWithOnlyJvmWideFieldsUnloadsThemWhenAsked() throws Exception {
    ClassLoader loader =
        new ChildFirstClassLoader(
            "job-c", jobJars(), PerJobClassLoadersTest.class.getClassLoader());
    WeakReference<ClassLoader> collectable = new WeakReference<>(loader);
    String[] args = {"--runner=DirectRunner", "--sharedUnloadWhenUnused=true"};
    AtomicReference<Object> outcomes = new AtomicReference<>();
    Thread job =
        new Thread(
            () -> outcomes.set(runJob(collectable.get(), args, Map.of("jvmWideOnly", true))),
            "job-c");
    job.setContextClassLoader(loader);
    loader = null;
    job.start();
    job.join(TimeUnit.SECONDS.toMillis(JOB_SECONDS));
    Object outcome = outcomes.get();
    if (outcome == null) {
      fail("job-c did not finish within " + JOB_SECONDS + " s");
    }
    if (outcome instanceof String failure) {
      fail("The job failed:\n" + failure);
    }
    @SuppressWarnings("unchecked") // what Job returns
    Map<String, Object> report = (Map<String, Object>) outcome;

    assertEquals("DONE", report.get("state"), report.toString());
    assertEquals(1L, report.get("jvmOnlyLoads"), report.toString());
    assertEquals(
        false,
        report.get("jvmOnlyLoaded"),
        "the option reached the @Shared-only DoFn's"
            + " setup, and its last release unloaded the resource: "
            + report);
    assertEquals(1, report.get("closed"), "and closed it: " + report);
    awaitCollected(List.of(collectable));
  }

  /**
   * Runs the two jobs, each on a thread of its own whose context class loader is the job's, as
   * Flink runs a job's code; returns their reports. The loaders are only weakly held afterwards.
   */
  private static List<Map<String, Object>> runTwoJobsAtOnce(
      Path directory, List<WeakReference<ClassLoader>> loaders) throws Exception {
    String[] args = {
      "--runner=DirectRunner", "--sharedDirectory=" + directory, "--sharedUnloadWhenUnused=true"
    };
    CountDownLatch bothRunning = new CountDownLatch(2);
    List<Thread> jobs = new ArrayList<>();
    List<AtomicReference<Object>> outcomes = new ArrayList<>();
    for (String name : List.of("job-a", "job-b")) {
      ClassLoader loader =
          new ChildFirstClassLoader(name, jobJars(), PerJobClassLoadersTest.class.getClassLoader());
      loaders.add(new WeakReference<>(loader));
      AtomicReference<Object> outcome = new AtomicReference<>();
      outcomes.add(outcome);
      Thread job =
          new Thread(
              () -> outcome.set(runJob(loader, args, Map.of("bothRunning", bothRunning))), name);
      job.setContextClassLoader(loader);
      jobs.add(job);
    }
    jobs.forEach(Thread::start);
    List<Map<String, Object>> reports = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      jobs.get(i).join(TimeUnit.SECONDS.toMillis(JOB_SECONDS));
      Object outcome = outcomes.get(i).get();
      if (outcome == null) {
        fail(jobs.get(i).getName() + " did not finish within " + JOB_SECONDS + " s");
      }
      if (outcome instanceof String failure) {
        fail(jobs.get(i).getName() + " failed:\n" + failure);
      }
      @SuppressWarnings("unchecked") // what Job returns
      Map<String, Object> report = (Map<String, Object>) outcome;
      reports.add(report);
    }
    return reports;
  }

  /**
   * Runs {@link #JOB} in {@code loader}: its report, or the stack trace of its failure as a string,
   * since a throwable of the job's classes would keep its loader reachable.
   */
  private static Object runJob(ClassLoader loader, String[] args, Map<String, Object> input) {
    try {
      @SuppressWarnings("unchecked") // Job is a Function of JDK maps
      Function<Map<String, Object>, Map<String, Object>> job =
          (Function<Map<String, Object>, Map<String, Object>>)
              loader.loadClass(JOB).getConstructor().newInstance();
      Map<String, Object> withArgs = new HashMap<>(input);
      withArgs.put("args", args);
      return job.apply(withArgs);
    } catch (Throwable failure) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      return trace.toString();
    } finally {
      // The thread object outlives the job in this test's variables.
      Thread.currentThread().setContextClassLoader(null);
    }
  }

  /** The job's jars: the test's class path, Beam and beam-shared included. */
  private static URL[] jobJars() {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(classPath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(
            entry -> {
              try {
                return new File(entry).toURI().toURL();
              } catch (MalformedURLException e) {
                throw new IllegalArgumentException(entry, e);
              }
            })
        .toArray(URL[]::new);
  }

  /** Collects garbage until both loaders are gone, for at most {@value #GONE_SECONDS} s. */
  private static void awaitCollected(List<WeakReference<ClassLoader>> loaders)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GONE_SECONDS);
    while (loaders.stream().anyMatch(loader -> loader.get() != null)) {
      if (System.nanoTime() - deadline > 0) {
        fail(
            "A job's class loader is still reachable "
                + GONE_SECONDS
                + " s after both jobs"
                + " ended: "
                + loaders.stream().map(WeakReference::get).toList()
                + ". Find what holds"
                + " it in a heap dump: jcmd "
                + ProcessHandle.current().pid()
                + " GC.heap_dump /tmp/jobs.hprof while this test waits.");
      }
      System.gc();
      Thread.sleep(100);
    }
  }
}

package io.github.beamshared.runners.harness;

import io.github.beamshared.options.SharedOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.fnexecution.control.DefaultJobBundleFactory;
import org.apache.beam.runners.fnexecution.control.StageBundleFactory;
import org.apache.beam.runners.fnexecution.environment.ProcessEnvironmentFactory;
import org.apache.beam.runners.fnexecution.environment.RemoteEnvironment;
import org.apache.beam.runners.fnexecution.provisioning.JobInfo;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PortablePipelineOptions;
import org.apache.beam.sdk.util.construction.BeamUrns;
import org.apache.beam.sdk.util.construction.Environments;
import org.apache.beam.sdk.util.construction.PipelineOptionsTranslation;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.apache.beam.sdk.util.construction.graph.ExecutableStage;
import org.apache.beam.sdk.util.construction.graph.ImmutableExecutableStage;
import org.apache.beam.sdk.util.construction.graph.PipelineNode.PCollectionNode;
import org.apache.beam.sdk.util.construction.graph.PipelineNode.PTransformNode;
import org.apache.beam.sdk.util.construction.graph.QueryablePipeline;

/**
 * Real Java SDK harness JVMs on this machine, started and driven by Beam's runner-side Fn API code
 * as the portable Flink and Spark runners do: a PROCESS environment whose command is a boot script
 * running {@link HarnessBoot}, {@code sdkWorkerParallelism} harnesses from one {@link
 * DefaultJobBundleFactory}, and one executable stage (a chain of ParDos) each harness processes
 * bundles of. {@link #harnesses()} gives each one's stage, worker id and process; {@link
 * BundleRunner} feeds them bundles.
 */
final class SdkHarnesses implements AutoCloseable {

  /** The longest a harness may take to start, or to tear down and report once told to stop. */
  static final Duration WAIT = Duration.ofSeconds(90);

  private final Path reports;
  private final DefaultJobBundleFactory jobBundleFactory;
  private final List<Harness> harnesses;

  /** One harness JVM: its worker id, its process, and the stage's bundles it runs. */
  record Harness(
      String workerId,
      ProcessHandle process,
      RemoteEnvironment environment,
      StageBundleFactory stage) {}

  private SdkHarnesses(
      Path reports, DefaultJobBundleFactory jobBundleFactory, List<Harness> harnesses) {
    this.reports = reports;
    this.jobBundleFactory = jobBundleFactory;
    this.harnesses = harnesses;
  }

  /**
   * Options for a pipeline whose harnesses this class starts: a PROCESS environment running a boot
   * script written into {@code work}, {@code count} harnesses, machine-wide sharing meeting in
   * {@code work/shared}; the harnesses report the figures of {@code tags}.
   */
  static PipelineOptions options(Path work, int count, String... tags) throws IOException {
    Path logs = Files.createDirectories(work.resolve("logs"));
    Path reports = Files.createDirectories(work.resolve("reports"));
    Path arguments = work.resolve("harness.args");
    Files.write(
        arguments,
        List.of(
            "-Xmx512m",
            quoted("-D" + HarnessBoot.REPORTS + "=" + reports),
            quoted("-D" + HarnessBoot.TAGS + "=" + String.join(",", tags)),
            "-cp",
            quoted(
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path"))),
            HarnessBoot.class.getName()));
    Path boot = work.resolve("boot.sh");
    Files.writeString(
        boot,
        String.join(
            "\n",
            "#!/bin/sh",
            "# Run by Beam's ProcessManager with --id=<worker id> --provision_endpoint=<host:port>.",
            "id=\"${1#--id=}\"",
            "exec "
                + shellQuoted(ProcessHandle.current().info().command().orElse("java"))
                + " @"
                + shellQuoted(arguments.toString())
                + " \"$@\" > \"$HARNESS_LOGS/harness-$id.log\" 2>&1",
            ""),
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(boot, PosixFilePermissions.fromString("rwx------"));

    PortablePipelineOptions options = PipelineOptionsFactory.as(PortablePipelineOptions.class);
    options.setDefaultEnvironmentType(Environments.ENVIRONMENT_PROCESS);
    // Beam 2.73 needs process_variables when the command is given (an empty list fails).
    options.setEnvironmentOptions(
        List.of("process_command=" + boot, "process_variables=HARNESS_LOGS=" + logs));
    options.setSdkWorkerParallelism(count);
    options.as(SharedOptions.class).setSharedDirectory(work.resolve("shared").toString());
    return options;
  }

  /**
   * Starts the harnesses of {@code pipeline} (built with {@link #options}), all at once, each with
   * the stage made of the ParDos named {@code parDos}, in order: the first one's input is the
   * stage's input, the last one's output its output.
   */
  static SdkHarnesses start(Pipeline pipeline, Path work, String... parDos) throws Exception {
    PipelineOptions options = pipeline.getOptions();
    ExecutableStage stage = stage(PipelineTranslation.toProto(pipeline), parDos);
    RecordingEnvironments environments =
        new RecordingEnvironments(new ProcessEnvironmentFactory.Provider(options));
    DefaultJobBundleFactory jobBundleFactory =
        DefaultJobBundleFactory.create(
            JobInfo.create(
                "runner-tests", "runner-tests", "", PipelineOptionsTranslation.toProto(options)),
            Map.of(
                BeamUrns.getUrn(RunnerApi.StandardEnvironments.Environments.PROCESS),
                environments));
    int count = options.as(PortablePipelineOptions.class).getSdkWorkerParallelism();
    Path reports = work.resolve("reports");
    // Each forStage starts the next harness and waits for it: start them side by side.
    ExecutorService starting = Executors.newFixedThreadPool(count);
    try {
      List<Future<StageBundleFactory>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        started.add(starting.submit(() -> jobBundleFactory.forStage(stage)));
      }
      List<Harness> harnesses = new ArrayList<>();
      for (Future<StageBundleFactory> factory : started) {
        StageBundleFactory stageFactory = factory.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        RemoteEnvironment environment = environments.servedBy(stageFactory);
        String workerId = environments.workerId(environment);
        long pid = Long.parseLong(Files.readString(reports.resolve(workerId + ".pid")));
        harnesses.add(
            new Harness(workerId, ProcessHandle.of(pid).orElseThrow(), environment, stageFactory));
      }
      return new SdkHarnesses(reports, jobBundleFactory, harnesses);
    } catch (Exception | Error e) {
      jobBundleFactory.close();
      throw e;
    } finally {
      starting.shutdownNow();
    }
  }

  List<Harness> harnesses() {
    return harnesses;
  }

  /**
   * Stops the live harnesses as a runner that lets its workers finish does: closes each one's
   * control stream, on which the harness tears its DoFns down and {@link HarnessBoot} reports,
   * while its process stays up until {@link #close}. Every harness but {@code last} stops first,
   * side by side; then {@code last}, so that its report sees what the others' teardowns left.
   *
   * @return the reports, by pid
   */
  Map<Long, HarnessReport> stopGracefully(long last) throws Exception {
    List<Harness> first = new ArrayList<>();
    Harness lastHarness = null;
    for (Harness harness : harnesses) {
      if (harness.process().pid() == last) {
        lastHarness = harness;
      } else if (harness.process().isAlive()) {
        first.add(harness);
      }
    }
    Map<Long, HarnessReport> reported = new TreeMap<>();
    for (Harness harness : first) {
      harness.environment().getInstructionRequestHandler().close();
    }
    for (Harness harness : first) {
      reported.put(harness.process().pid(), awaitReport(harness));
    }
    if (lastHarness != null) {
      lastHarness.environment().getInstructionRequestHandler().close();
      reported.put(last, awaitReport(lastHarness));
    }
    return reported;
  }

  private HarnessReport awaitReport(Harness harness) throws Exception {
    Path report = reports.resolve(harness.workerId() + ".properties");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(report)) {
      if (!harness.process().isAlive() || System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "Harness "
                + harness.workerId()
                + " (pid "
                + harness.process().pid()
                + ") wrote no report; see its log in "
                + reports.resolveSibling("logs"));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return HarnessReport.read(report, harness.workerId());
  }

  /** Stops every harness process, as the runner does at the end of a job. */
  @Override
  public void close() throws Exception {
    jobBundleFactory.close();
  }

  /**
   * The executable stage of the ParDos named {@code names}. Built by hand, as {@code
   * GreedyPipelineFuser} would fuse them with {@code Create}'s impulse and read into one stage
   * whose every element one harness would process.
   */
  private static ExecutableStage stage(RunnerApi.Pipeline pipeline, String... names) {
    QueryablePipeline query = QueryablePipeline.forPrimitivesIn(pipeline.getComponents());
    List<PTransformNode> parDos = new ArrayList<>();
    for (String name : names) {
      parDos.add(
          StreamSupport.stream(query.getTopologicallyOrderedTransforms().spliterator(), false)
              .filter(transform -> transform.getTransform().getUniqueName().startsWith(name + "/"))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("No ParDo named " + name)));
    }
    PTransformNode first = parDos.get(0);
    PCollectionNode input = query.getPerElementInputPCollections(first).iterator().next();
    PCollectionNode output =
        query.getOutputPCollections(parDos.get(parDos.size() - 1)).iterator().next();
    return ImmutableExecutableStage.ofFullComponents(
        pipeline.getComponents(),
        query.getEnvironment(first).orElseThrow(),
        input,
        List.of(),
        List.of(),
        List.of(),
        parDos,
        List.of(output),
        ExecutableStage.DEFAULT_WIRE_CODER_SETTINGS);
  }

  private static String quoted(String argument) {
    return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String shellQuoted(String argument) {
    return "'" + argument.replace("'", "'\\''") + "'";
  }
}

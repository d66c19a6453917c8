package io.github.beamshared.runners.harness;

import io.github.beamshared.runtime.ResourceStats;
import io.github.beamshared.runtime.SharedResources;
import io.github.beamshared.runtime.WarmUpStats;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.beam.fn.harness.FnHarness;
import org.apache.beam.model.fnexecution.v1.ProvisionApi;
import org.apache.beam.model.fnexecution.v1.ProvisionServiceGrpc;
import org.apache.beam.model.pipeline.v1.Endpoints.ApiServiceDescriptor;
import org.apache.beam.sdk.fn.channel.AddHarnessIdInterceptor;
import org.apache.beam.sdk.fn.channel.ManagedChannelFactory;
import org.apache.beam.sdk.util.construction.PipelineOptionsTranslation;
import org.apache.beam.vendor.grpc.v1p69p0.io.grpc.ManagedChannel;

/**
 * The boot program of a Java SDK harness, as Beam's Go boot program is in the Java SDK container,
 * in the harness JVM itself: a runner's PROCESS environment runs it with {@code --id} and {@code
 * --provision_endpoint}; it asks the runner's provisioning service for the endpoints and options,
 * then runs {@link FnHarness#main(java.util.function.Function)}, which runs the {@code
 * JvmInitializer}s (beam-shared-options' warm-up among them) and processes bundles until the runner
 * closes the control stream. The harness then tears its DoFns down and this program writes what the
 * beam-shared runtime recorded in this JVM to {@code <reports>/<id>.properties} (see {@link
 * HarnessReport}), and waits for the runner to stop the process.
 */
public final class HarnessBoot {

  /** System property naming the directory where harnesses write their reports. */
  static final String REPORTS = "runnertests.reports";

  /** System property listing the tags to report, separated by commas. */
  static final String TAGS = "runnertests.tags";

  /** The longest a harness that has finished waits for its runner to stop it. */
  private static final long STOP_WAIT_SECONDS = 60;

  private HarnessBoot() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = flags(args);
    String id = flags.get("id");
    Path reports = Path.of(System.getProperty(REPORTS));
    Files.writeString(reports.resolve(id + ".pid"), Long.toString(ProcessHandle.current().pid()));

    FnHarness.main(environment(id, provisionInfo(id, flags.get("provision_endpoint")))::get);

    report(reports, id);
    // A runner stops its harness processes itself; one that forgot is not waited for forever.
    TimeUnit.SECONDS.sleep(STOP_WAIT_SECONDS);
    System.exit(1);
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      flags.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    return flags;
  }

  private static ProvisionApi.ProvisionInfo provisionInfo(String id, String endpoint) {
    ManagedChannel channel =
        ManagedChannelFactory.createDefault()
            .withInterceptors(List.of(AddHarnessIdInterceptor.create(id)))
            .forDescriptor(ApiServiceDescriptor.newBuilder().setUrl(endpoint).build());
    try {
      return ProvisionServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .getProvisionInfo(ProvisionApi.GetProvisionInfoRequest.getDefaultInstance())
          .getInfo();
    } finally {
      channel.shutdownNow();
    }
  }

  /** The environment variables Beam's boot program passes to {@code FnHarness}. */
  private static Map<String, String> environment(String id, ProvisionApi.ProvisionInfo info) {
    return Map.of(
        "HARNESS_ID", id,
        "LOGGING_API_SERVICE_DESCRIPTOR", info.getLoggingEndpoint().toString(),
        "CONTROL_API_SERVICE_DESCRIPTOR", info.getControlEndpoint().toString(),
        "PIPELINE_OPTIONS",
            PipelineOptionsTranslation.toJson(
                PipelineOptionsTranslation.fromProto(info.getPipelineOptions())),
        "RUNNER_CAPABILITIES", String.join(" ", info.getRunnerCapabilitiesList()));
  }

  private static void report(Path reports, String id) throws IOException {
    Properties report = new Properties();
    report.setProperty(HarnessReport.PID, Long.toString(ProcessHandle.current().pid()));
    WarmUpStats warmUp = SharedResources.warmUpStats();
    report.setProperty(
        HarnessReport.WARM_UP_MILLIS,
        warmUp.warmUpTime().map(time -> Long.toString(time.toMillis())).orElse(""));
    report.setProperty(
        HarnessReport.FIRST_ACQUIRE_WARM, Boolean.toString(warmUp.firstAcquireWarm()));
    for (String tag : System.getProperty(TAGS).split(",")) {
      // A client JVM has statistics of its calls too; only a JVM that held the tag reports.
      SharedResources.stats(tag)
          .filter(stats -> stats.acquires() > 0)
          .ifPresent(stats -> putStats(report, stats));
    }
    Path written = reports.resolve(id + ".properties.tmp");
    try (Writer out = Files.newBufferedWriter(written)) {
      report.store(out, "beam-shared in harness " + id);
    }
    Files.move(written, reports.resolve(id + ".properties"), StandardCopyOption.ATOMIC_MOVE);
  }

  private static void putStats(Properties report, ResourceStats stats) {
    report.setProperty(stats.tag() + HarnessReport.LOADS, Long.toString(stats.loads()));
    report.setProperty(
        stats.tag() + HarnessReport.LIVE_LEASES, Integer.toString(stats.liveLeases()));
  }
}

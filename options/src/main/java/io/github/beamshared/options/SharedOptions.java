package io.github.beamshared.options;

import io.github.beamshared.runtime.machine.MachineConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Machine-wide sharing settings as pipeline options, e.g. {@code --sharedDirectory=/dev/shm/bs} or
 * {@code --sharedMachineWide=false}. Each one, when set, takes precedence over the system property
 * and environment variable of the same setting (see {@link MachineConfig}). Code generated for a
 * DoFn with {@code @MultiProcessShared} fields applies them in its {@code @Setup} when this module
 * is on the class path and the setup receives the pipeline's options.
 */
public interface SharedOptions extends PipelineOptions {

  @Description(
      "Directory where the JVMs of one OS user on a machine meet to share"
          + " @MultiProcessShared resources (-Dbeamshared.dir). Keep it short: it holds Unix domain"
          + " sockets, whose paths are limited to 107 bytes.")
  String getSharedDirectory();

  void setSharedDirectory(String directory);

  @Description(
      "false shares @MultiProcessShared resources within each JVM only"
          + " (-Dbeamshared.machineWide), for runners that run one JVM per machine.")
  Boolean getSharedMachineWide();

  void setSharedMachineWide(Boolean machineWide);

  @Description(
      "Seconds a JVM tries to reach the JVM hosting a resource"
          + " (-Dbeamshared.connectTimeoutSeconds).")
  Integer getSharedConnectTimeoutSeconds();

  void setSharedConnectTimeoutSeconds(Integer seconds);

  @Description(
      "Seconds a JVM waits for one call of a resource hosted by another JVM"
          + " (-Dbeamshared.callTimeoutSeconds).")
  Integer getSharedCallTimeoutSeconds();

  void setSharedCallTimeoutSeconds(Integer seconds);

  @Description(
      "true unloads a shared resource once its last lease is released, closing it if it"
          + " is AutoCloseable, and stops hosting a @MultiProcessShared one once every JVM's last"
          + " lease is released (-Dbeamshared.unloadWhenUnused): for a JVM that runs many jobs, each"
          + " in a class loader of its own, as a Flink session cluster does.")
  Boolean getSharedUnloadWhenUnused();

  void setSharedUnloadWhenUnused(Boolean unload);

  @Description(
      "dedicated: the JVM elected to host a @MultiProcessShared resource starts a host JVM of its"
          + " own for it, which outlives the workers; in-worker (the default): that JVM hosts it"
          + " (-Dbeamshared.hostMode).")
  String getSharedHostMode();

  void setSharedHostMode(String mode);

  @Description(
      "Seconds a dedicated host keeps its resource loaded with no lease held before it exits"
          + " (-Dbeamshared.hostIdleSeconds, default 300).")
  Integer getSharedHostIdleSeconds();

  void setSharedHostIdleSeconds(Integer seconds);

  @Description(
      "JVM options of a dedicated host, separated by spaces, e.g. -Xmx8g"
          + " (-Dbeamshared.hostJvmOptions).")
  String getSharedHostJvmOptions();

  void setSharedHostJvmOptions(String options);

  @Description(
      "How many copies of a @MultiProcessShared resource the machine holds, per tag, in place of"
          + " the copies its field declares: e.g. embedder=2,ranker=3 (-Dbeamshared.copies).")
  String getSharedCopies();

  void setSharedCopies(String copies);

  /** The settings given in {@code options}, keyed like the system properties they override. */
  static Map<String, String> settings(PipelineOptions options) {
    SharedOptions shared = options.as(SharedOptions.class);
    Map<String, String> settings = new LinkedHashMap<>();
    putIfSet(settings, MachineConfig.DIRECTORY, shared.getSharedDirectory());
    putIfSet(settings, MachineConfig.ENABLED, shared.getSharedMachineWide());
    putIfSet(settings, MachineConfig.CONNECT_TIMEOUT, shared.getSharedConnectTimeoutSeconds());
    putIfSet(settings, MachineConfig.CALL_TIMEOUT, shared.getSharedCallTimeoutSeconds());
    putIfSet(settings, MachineConfig.UNLOAD_WHEN_UNUSED, shared.getSharedUnloadWhenUnused());
    putIfSet(settings, MachineConfig.HOST_MODE, shared.getSharedHostMode());
    putIfSet(settings, MachineConfig.HOST_IDLE_TIMEOUT, shared.getSharedHostIdleSeconds());
    putIfSet(settings, MachineConfig.HOST_JVM_OPTIONS, shared.getSharedHostJvmOptions());
    putIfSet(settings, MachineConfig.COPIES, shared.getSharedCopies());
    return settings;
  }

  private static void putIfSet(Map<String, String> settings, String key, Object value) {
    if (value != null) {
      settings.put(key, value.toString());
    }
  }
}

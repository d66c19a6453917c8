package io.github.beamshared.processor.model;

import com.palantir.javapoet.ClassName;

/** Names of the Beam and runtime types the processor checks against and generates code for. */
public final class BeamTypes {

  public static final String DO_FN = "org.apache.beam.sdk.transforms.DoFn";
  public static final String SETUP = DO_FN + ".Setup";
  public static final String TEARDOWN = DO_FN + ".Teardown";
  public static final String PIPELINE_OPTIONS = "org.apache.beam.sdk.options.PipelineOptions";

  public static final ClassName SETUP_ANNOTATION =
      ClassName.get("org.apache.beam.sdk.transforms", "DoFn", "Setup");
  public static final ClassName TEARDOWN_ANNOTATION =
      ClassName.get("org.apache.beam.sdk.transforms", "DoFn", "Teardown");
  public static final ClassName PIPELINE_OPTIONS_CLASS =
      ClassName.get("org.apache.beam.sdk.options", "PipelineOptions");

  public static final ClassName SHARED_OPTIONS =
      ClassName.get("io.github.beamshared.options", "SharedOptions");
  public static final ClassName SERIALIZABLE_OPTIONS =
      ClassName.get("io.github.beamshared.options", "SerializableOptions");

  private static final String RUNTIME = "io.github.beamshared.runtime";
  public static final ClassName SHARED_RESOURCES = ClassName.get(RUNTIME, "SharedResources");
  public static final ClassName LEASE = ClassName.get(RUNTIME, "Lease");
  public static final ClassName HELD_LEASES = ClassName.get(RUNTIME, "HeldLeases");
  public static final ClassName RESOURCE_FACTORY = ClassName.get(RUNTIME, "ResourceFactory");
  public static final ClassName RESOURCE_LOCK = ClassName.get(RUNTIME, "ResourceLock");
  public static final ClassName REMOTE_INTERFACE = ClassName.get(RUNTIME, "RemoteInterface");
  public static final ClassName REMOTE_CALLS = ClassName.get(RUNTIME, "RemoteCalls");
  public static final ClassName BATCH_METHOD = ClassName.get(RUNTIME, "BatchMethod");
  public static final ClassName BATCH_QUEUE = ClassName.get(RUNTIME, "BatchQueue");
  public static final ClassName BATCH_SETTINGS = ClassName.get(RUNTIME, "BatchSettings");
  public static final ClassName SHARED_RESOURCE_EXCEPTION =
      ClassName.get(RUNTIME, "SharedResourceException");

  private BeamTypes() {}
}

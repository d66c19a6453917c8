package io.github.beamshared.runners.harness;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.beam.runners.fnexecution.artifact.ArtifactRetrievalService;
import org.apache.beam.runners.fnexecution.control.ControlClientPool;
import org.apache.beam.runners.fnexecution.control.FnApiControlClientPoolService;
import org.apache.beam.runners.fnexecution.control.StageBundleFactory;
import org.apache.beam.runners.fnexecution.environment.EnvironmentFactory;
import org.apache.beam.runners.fnexecution.environment.RemoteEnvironment;
import org.apache.beam.runners.fnexecution.logging.GrpcLoggingService;
import org.apache.beam.runners.fnexecution.provisioning.StaticGrpcProvisionService;
import org.apache.beam.sdk.fn.IdGenerator;
import org.apache.beam.sdk.fn.server.GrpcFnServer;
import org.apache.beam.sdk.fn.server.ServerFactory;

/**
 * Beam's environments of one kind (PROCESS here), remembering each one started and its worker id,
 * which {@link org.apache.beam.runners.fnexecution.control.DefaultJobBundleFactory} keeps to
 * itself.
 */
final class RecordingEnvironments implements EnvironmentFactory.Provider {

  private final EnvironmentFactory.Provider environments;
  private final Map<RemoteEnvironment, String> workerIds =
      Collections.synchronizedMap(new IdentityHashMap<>());

  RecordingEnvironments(EnvironmentFactory.Provider environments) {
    this.environments = environments;
  }

  @Override
  public EnvironmentFactory createEnvironmentFactory(
      GrpcFnServer<FnApiControlClientPoolService> controlServer,
      GrpcFnServer<GrpcLoggingService> loggingServer,
      GrpcFnServer<ArtifactRetrievalService> retrievalServer,
      GrpcFnServer<StaticGrpcProvisionService> provisioningServer,
      ControlClientPool clientPool,
      IdGenerator idGenerator) {
    EnvironmentFactory factory =
        environments.createEnvironmentFactory(
            controlServer,
            loggingServer,
            retrievalServer,
            provisioningServer,
            clientPool,
            idGenerator);
    return (environment, workerId) -> {
      RemoteEnvironment started = factory.createEnvironment(environment, workerId);
      workerIds.put(started, workerId);
      return started;
    };
  }

  @Override
  public ServerFactory getServerFactory() {
    return environments.getServerFactory();
  }

  /** The environment whose harness runs {@code stage}'s bundles. */
  RemoteEnvironment servedBy(StageBundleFactory stage) {
    synchronized (workerIds) {
      return workerIds.keySet().stream()
          .filter(
              environment ->
                  environment.getInstructionRequestHandler()
                      == stage.getInstructionRequestHandler())
          .findFirst()
          .orElseThrow();
    }
  }

  String workerId(RemoteEnvironment environment) {
    return workerIds.get(environment);
  }
}

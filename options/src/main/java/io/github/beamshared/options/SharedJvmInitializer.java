package io.github.beamshared.options;

import com.google.auto.service.AutoService;
import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.SharedResources;
import org.apache.beam.sdk.harness.JvmInitializer;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a Beam SDK harness processes anything, applies the pipeline's {@link SharedOptions} and
 * {@linkplain SharedResources#warmUp() warms up} machine-wide sharing, so that a worker JVM's first
 * DoFn setup does not pay for the JDK's socket and file-lock set-up (tens of milliseconds). Workers
 * that run {@link JvmInitializer}s (Dataflow's, and the portable SDK harness) call it; elsewhere,
 * as on the DirectRunner, the first setup pays. With {@code --sharedMachineWide=false} it does
 * nothing.
 */
@AutoService(JvmInitializer.class)
public final class SharedJvmInitializer implements JvmInitializer {

  private static final Logger LOG = LoggerFactory.getLogger(SharedJvmInitializer.class);

  @Override
  public void beforeProcessing(PipelineOptions options) {
    SharedResources.configure(SharedOptions.settings(options));
    try {
      SharedResources.warmUp();
    } catch (SharedResourceException e) {
      // The first machine-wide acquire will fail with the same cause, where the DoFn sees it.
      LOG.warn("Could not warm up machine-wide sharing: {}", e.getMessage());
    }
  }
}

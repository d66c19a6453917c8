package io.github.beamshared.options;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/** Makes {@code --sharedDirectory} and the other {@link SharedOptions} known to every pipeline. */
@AutoService(PipelineOptionsRegistrar.class)
public final class SharedOptionsRegistrar implements PipelineOptionsRegistrar {

  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    return List.of(SharedOptions.class);
  }
}

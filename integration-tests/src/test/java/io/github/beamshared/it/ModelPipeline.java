package io.github.beamshared.it;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A DirectRunner pipeline in its own JVM that sends {@code args[1]} elements through {@code
 * SlowModelFn_Shared} ({@code args[0]} "slow") or {@code DedicatedModelFn_Shared} ("dedicated"),
 * asserts each came back exactly once, and prints what the model appended to them: the pids of the
 * JVMs that answered. Further arguments are pipeline options.
 */
public final class ModelPipeline {

  private ModelPipeline() {}

  public static void main(String[] args) {
    DoFn<String, String> fn =
        args[0].equals("slow") ? new SlowModelFn_Shared() : new DedicatedModelFn_Shared();
    int elements = Integer.parseInt(args[1]);
    PipelineOptionsFactory.register(DedicatedModelFn.ModelOptions.class);
    DirectOptions options =
        PipelineOptionsFactory.fromArgs(
                List.of(args).subList(2, args.length).toArray(String[]::new))
            .as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(4);
    Pipeline pipeline = Pipeline.create(options);
    List<String> inputs = IntStream.range(0, elements).mapToObj(i -> "e" + i).toList();
    PCollection<String> answers =
        pipeline.apply(Create.of(inputs)).apply(Reshuffle.viaRandomKey()).apply(ParDo.of(fn));
    PAssert.that(
            answers.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(answer -> answer.substring(0, answer.indexOf('@')))))
        .containsInAnyOrder(inputs);
    PAssert.that(answers)
        .satisfies(
            all -> {
              System.out.println(
                  "answered by "
                      + java.util.stream.StreamSupport.stream(all.spliterator(), false)
                          .map(answer -> answer.substring(answer.indexOf('@') + 1))
                          .distinct()
                          .sorted()
                          .collect(Collectors.joining(" ")));
              return null;
            });
    pipeline.run().waitUntilFinish();
    System.out.println("pipeline complete");
  }
}

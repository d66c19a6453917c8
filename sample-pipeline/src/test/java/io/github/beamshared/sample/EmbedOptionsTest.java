package io.github.beamshared.sample;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class EmbedOptionsTest {

  @Test
  void runsTheRealModelByDefault() {
    assertThat(options().getModel(), is(EmbedOptions.Model.MINILM));
  }

  @Test
  void takesTheModelInAnyCase() {
    assertThat(options("--model=synthetic").getModel(), is(EmbedOptions.Model.SYNTHETIC));
    assertThat(options("--model=MiniLM").getModel(), is(EmbedOptions.Model.MINILM));
  }

  @Test
  void namesTheModelsWhenGivenAnother() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> options("--model=bert"));
    assertThat(error.getMessage(), containsString("use minilm or synthetic"));
  }

  private static EmbedOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(EmbedOptions.class);
  }
}

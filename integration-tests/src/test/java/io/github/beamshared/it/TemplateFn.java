package io.github.beamshared.it;

import io.github.beamshared.Shared;
import java.util.Locale;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A base DoFn that declares the shared field and leaves a step to its subclasses, which declare no
 * shared field of their own: each subclass gets a generated subclass, the base none.
 */
abstract class TemplateFn extends DoFn<String, String> {

  static final String TAG = "it-template-casing";

  /** Changes the case of text. */
  public interface Casing {
    String apply(String text);
  }

  @Shared(tag = TAG, threadSafe = true)
  transient Casing casing;

  Casing loadCasing() {
    return text -> text.toUpperCase(Locale.ROOT);
  }

  /** What the subclass adds around the shared model's answer. */
  abstract String decorate(String cased);

  @ProcessElement
  public void process(@Element String text, OutputReceiver<String> out) {
    out.output(decorate(casing.apply(text)));
  }

  /** Declares no shared field; implements the step. */
  abstract static class Bracketed extends TemplateFn {
    @Override
    String decorate(String cased) {
      return "[" + cased + "]";
    }
  }

  /** Another subclass, in the same tag: both lease the one object. */
  abstract static class Starred extends TemplateFn {
    @Override
    String decorate(String cased) {
      return "*" + cased + "*";
    }
  }
}

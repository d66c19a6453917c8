package io.github.beamshared.it;

import io.github.beamshared.Shared;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.DoFn;

/** A generic DoFn whose shared field's type mentions the DoFn's type variable. */
abstract class GenericFn<T> extends DoFn<T, String> {

  static final String TAG = "it-generic-formatter";

  /** Formats values of one type. */
  public interface Formatter<V> {
    String format(V value);

    default <R> R formatThen(V value, Function<String, R> next) {
      return next.apply(format(value));
    }
  }

  @Shared(tag = TAG)
  transient Formatter<T> formatter;

  Formatter<T> loadFormatter() {
    return value -> "<" + value + ">";
  }

  @ProcessElement
  public void process(@Element T value, OutputReceiver<String> out) {
    out.output(formatter.formatThen(value, String::toUpperCase));
  }

  /** Binds the type variable and declares no shared field: its generated subclass sets it up. */
  abstract static class OfIntegers extends GenericFn<Integer> {}
}

package io.github.beamshared.sample;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Encodes a float[] as its length and its big-endian floats; Beam ships no coder for it. */
public final class FloatArrayCoder extends AtomicCoder<float[]> {

  private static final FloatArrayCoder INSTANCE = new FloatArrayCoder();

  private FloatArrayCoder() {}

  public static FloatArrayCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(float[] value, OutputStream out) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(value.length * Float.BYTES);
    bytes.asFloatBuffer().put(value);
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(value.length);
    data.write(bytes.array());
    data.flush();
  }

  @Override
  public float[] decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] bytes = new byte[data.readInt() * Float.BYTES];
    data.readFully(bytes);
    float[] value = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(value);
    return value;
  }
}

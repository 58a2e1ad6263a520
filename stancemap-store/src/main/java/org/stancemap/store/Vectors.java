package org.stancemap.store;

/**
 * The store's vector format: each component of an L2-normalised float vector as one signed byte, {@code q =
 * round(x * 127)} clamped to [-127, 127], in component order (384 bytes for the 384-dimensional models). Reading
 * divides by 127 and normalises again. The rounding error is at most 1/254 per component; for a 384-dimensional unit
 * vector the cosine between it and its stored form is about 0.999 (tests require more than 0.998).
 */
public final class Vectors {
  private Vectors() {}

  public static byte[] quantize(float[] v) {
    byte[] q = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      long r = Math.round(v[i] * 127.0);
      q[i] = (byte) Math.max(-127, Math.min(127, r));
    }
    return q;
  }

  public static float[] dequantize(byte[] q) {
    float[] v = new float[q.length];
    double norm = 0;
    for (int i = 0; i < q.length; i++) {
      v[i] = q[i] / 127f;
      norm += v[i] * v[i];
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }
}

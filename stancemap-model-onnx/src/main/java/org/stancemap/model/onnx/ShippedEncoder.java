package org.stancemap.model.onnx;

/**
 * Length, CRC-32 and SHA-256 of the shipped fine-tuned encoder ({@code stancemap-minilm-l6-ft-q.onnx}), written by
 * {@code training/build-default-model.sh} when it rebuilds the encoder; {@code ShippedEncoderTest} checks them
 * against the resource.
 */
final class ShippedEncoder {
  static final OnnxEmbeddingModel.Known KNOWN = null;

  private ShippedEncoder() {}
}

package org.stancemap.model.onnx;

/**
 * Length, CRC-32 and SHA-256 of the shipped fine-tuned encoder ({@code stancemap-minilm-l6-ft-q.onnx}), written by
 * {@code training/build-default-model.sh} when it rebuilds the encoder; {@code ShippedEncoderTest} checks them
 * against the resource.
 */
final class ShippedEncoder {
  static final OnnxEmbeddingModel.Known KNOWN =
      new OnnxEmbeddingModel.Known(22972370L, 0xa461c66cL, "ba977a3049560da4c3dcc6226356df83e75349f358896c70376aa88ec9a6a7e5");

  private ShippedEncoder() {}
}

package org.stancemap.model;

import java.util.Map;

/**
 * Where a trained model came from. Checked on load: a model is only used with the codebook and embedding weights it
 * was trained with.
 *
 * @param data description of the training data and its SHA-256
 * @param params hyper-parameters, as text
 * @param validation validation metrics, as text (empty for the default model, which has no held-out data)
 */
public record ModelProvenance(
    String stancemapVersion,
    int trainerVersion,
    String codebookRef,
    String codebookSha256,
    String embeddingId,
    String embeddingSha256,
    String data,
    String dataSha256,
    Map<String, String> params,
    Map<String, String> validation) {
  public ModelProvenance {
    params = Map.copyOf(params);
    validation = Map.copyOf(validation);
  }
}

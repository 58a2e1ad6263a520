package org.stancemap.store;

import java.util.Optional;

/**
 * The durable record of the web server's model activations ({@link Store#modelActivations()}, table
 * {@code web_model_activations}). Each activation, and each return to the default model, adds a row with who and
 * when; the latest row says which model the server starts with. Rows are never updated, so the table is also the
 * history. Thread-safe.
 */
public interface ModelActivations {
  /** Records an activation, each in its own transaction. */
  ModelActivation record(String model, String modelId, String codebookFile, String by);

  /** The latest activation, if any was recorded. */
  Optional<ModelActivation> latest();
}

package org.stancemap.store;

import java.time.Instant;

/**
 * One recorded model activation of the web server ({@link ModelActivations}).
 *
 * @param model the model file under the models folder, or null for "back to the default model"
 * @param modelId the model's id at activation
 * @param codebookFile the edited codebook file the model belongs to, or null
 */
public record ModelActivation(long id, String model, String modelId, String codebookFile, String by, Instant at) {}

package org.stancemap.analysis;

/**
 * What produced an analysis.
 *
 * @param model id of the trained heads (codebook hash, embedding model, trainer version)
 * @param codebook {@code id@version} of the codebook
 * @param version Stancemap's version
 * @param embedding the embedding model id
 * @param labelThreshold the probability a sentence needed for a narrative or technique to be reported
 *     ({@link Analyzer.Settings#label()}; reports name it only when it is not the default)
 */
public record Provenance(String model, String codebook, String version, String embedding, double labelThreshold) {
  /** Provenance of an analysis at the default thresholds. */
  public Provenance(String model, String codebook, String version, String embedding) {
    this(model, codebook, version, embedding, Analyzer.Settings.DEFAULT_LABEL);
  }

  /** Whether the analysis used the default thresholds. */
  public boolean defaultThresholds() {
    return labelThreshold == Analyzer.Settings.DEFAULT_LABEL;
  }
}

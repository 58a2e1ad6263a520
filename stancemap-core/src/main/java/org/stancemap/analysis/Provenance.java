package org.stancemap.analysis;

/**
 * What produced an analysis.
 *
 * @param model id of the trained heads (codebook hash, embedding model, trainer version)
 * @param codebook {@code id@version} of the codebook
 * @param version Stancemap's version
 * @param embedding the embedding model id
 */
public record Provenance(String model, String codebook, String version, String embedding) {}

package org.stancemap.store;

/** A distinct label found in a store: dimension, target (stance target or role actor, else empty) and label id. */
public record LabelKind(String dimension, String target, String label) {}

package org.stancemap.store;

/** Agreement between the analysis and the reviewers in one dimension ({@link Reviews#agreement()}). */
public record ReviewAgreement(String dimension, int n, int agreed, double accuracy, double kappa, double alpha) {}

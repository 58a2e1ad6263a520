/**
 * The codebook: targets, narratives, techniques, roles, actors and positions, with definitions and exemplars,
 * read from versioned YAML files ({@code stancemap.codebook/1}).
 */
package org.stancemap.codebook;

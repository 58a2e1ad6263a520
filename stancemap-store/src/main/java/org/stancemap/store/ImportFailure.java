package org.stancemap.store;

import java.time.Instant;

/** An input, or part of one, that an import run could not import, and why. */
public record ImportFailure(long id, long run, String location, String reason, Instant at) {}

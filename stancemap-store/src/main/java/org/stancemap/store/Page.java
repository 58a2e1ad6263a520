package org.stancemap.store;

import java.util.List;

/**
 * One page of a keyset-paged listing.
 *
 * @param next the key to pass for the next page, or -1 when this was the last
 */
public record Page<T>(List<T> items, long next) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasNext() {
    return next >= 0;
  }
}

package org.stancemap.store;

/** How many items of an import run ended in each way. */
public record ImportCounts(long imported, long unchanged, long duplicates, long newVersions, long failed) {
  public static final ImportCounts ZERO = new ImportCounts(0, 0, 0, 0, 0);

  /** The counts with one more item of {@code o}. */
  public ImportCounts plus(Outcome o) {
    return switch (o) {
      case IMPORTED -> new ImportCounts(imported + 1, unchanged, duplicates, newVersions, failed);
      case UNCHANGED -> new ImportCounts(imported, unchanged + 1, duplicates, newVersions, failed);
      case DUPLICATE -> new ImportCounts(imported, unchanged, duplicates + 1, newVersions, failed);
      case NEW_VERSION -> new ImportCounts(imported, unchanged, duplicates, newVersions + 1, failed);
    };
  }

  public ImportCounts plusFailure() {
    return new ImportCounts(imported, unchanged, duplicates, newVersions, failed + 1);
  }

  public long items() {
    return imported + unchanged + duplicates + newVersions;
  }

  /** {@code imported 3, unchanged 0, duplicates 1, new versions 0, failed 2}. */
  public String summary() {
    return "imported " + imported + ", unchanged " + unchanged + ", duplicates " + duplicates + ", new versions "
        + newVersions + ", failed " + failed;
  }
}

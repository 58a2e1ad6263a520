package org.stancemap;

import java.util.List;

/**
 * A codebook file is malformed or inconsistent. {@link #problems()} lists every problem found, each prefixed with
 * its path in the file (for example {@code narratives[3].exemplars: expected at least 4 exemplar sentences, found 2}).
 */
public final class CodebookException extends StancemapException {
  private final List<String> problems;

  public CodebookException(String source, List<String> problems) {
    super(source + ": invalid codebook:\n  - " + String.join("\n  - ", problems), null);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

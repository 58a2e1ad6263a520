package org.stancemap.evaluation;

import java.util.Map;
import java.util.Objects;

/**
 * A text coded by hand: its labels by dimension ({@code stance:russia -> against},
 * {@code narrative:west-aggressor -> true}). A dimension left out is unknown, not negative.
 *
 * @param origin where it came from, e.g. {@code data.jsonl:12}, for messages
 */
public record CodedText(String text, Map<String, String> labels, String origin) {
  public CodedText {
    Objects.requireNonNull(text, "text");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(origin, "origin");
  }
}

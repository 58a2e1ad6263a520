package org.stancemap.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a classifier sees for a sentence. A leading concessive clause ("Although Russia is an imperialist state,
 * its people …") is dropped, because the claim a sentence makes is its main clause; the evidence quoted is still
 * the whole sentence. Applied identically in training and analysis.
 */
public final class ClassifierInput {
  private static final Pattern CONCESSIVE = Pattern.compile(
      "^(?:although|though|even though|while|whilst|granted|admittedly|despite|in spite of)\\b[^,;]{3,200}[,;]\\s*",
      Pattern.CASE_INSENSITIVE);

  private ClassifierInput() {}

  public static String of(String sentence) {
    Matcher m = CONCESSIVE.matcher(sentence);
    if (m.lookingAt() && sentence.length() - m.end() >= 20) {
      return sentence.substring(m.end());
    }
    return sentence;
  }
}

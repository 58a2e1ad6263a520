package org.stancemap.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.text.RegexChars;
import org.stancemap.text.Span;

/** Cues that an actor is on the receiving end of harm in a sentence, which makes it an innocent (victim). */
final class Roles {
  /** Confidence of a role given by the patient cue alone. */
  static final double PATIENT_CONFIDENCE = 0.7;

  private static final Pattern HARM_BEFORE = Pattern.compile(
      "(?:attacks?\\s+on|assault\\s+on|invasion\\s+of|invad(?:e|es|ed|ing)|threats?\\s+to|bomb(?:s|ed|ing)?|"
          + "shell(?:s|ed|ing)|kill(?:s|ed|ing)?|massacr(?:e|ed|ing)|occupation\\s+of|occup(?:y|ies|ied|ying)|"
          + "annex(?:es|ed|ing|ation\\s+of)?|victims?\\s+(?:of|among)|persecut(?:e|es|ed|ing|ion\\s+of)|"
          + "suffering\\s+of|war\\s+(?:on|against)|deport(?:s|ed|ing|ation\\s+of)|terroris(?:e|es|ed|ing)|"
          + "abandon(?:s|ed|ing)?|betray(?:s|ed|ing)?|starv(?:e|es|ed|ing))\\s+(?:the\\s+|of\\s+|its\\s+|their\\s+)?"
          + "(?:\\S+\\s+){0,2}$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern HARM_AFTER = Pattern.compile(
      "^(?:['’]s\\s+(?:people|civilians|cities|towns|workers)\\s+)?\\S*\\s*(?:is|are|was|were|has\\s+been|have\\s+been"
          + "|being|had\\s+been)\\s+(?:\\w+ly\\s+)?(?:\\w+\\s+and\\s+)?(?:attacked|bombed|shelled|invaded|threatened|"
          + "killed|harass?ed|persecuted|occupied|starved|abandoned|betrayed|deported|massacred|murdered|"
          + "raped|tortured|displaced|the\\s+victims?|victims?|under\\s+attack|under\\s+fire)",
      Pattern.CASE_INSENSITIVE);

  private Roles() {}

  static boolean isPatient(String text, Span sentence, Span mention) {
    String before = text.substring(sentence.start(), mention.start());
    String after = text.substring(mention.end(), sentence.end());
    // The same answers as find() over each string, searching less of it: HARM_AFTER can only match at the start
    // (it begins with ^), and a HARM_BEFORE match ends at the end ($) and holds at most five runs of whitespace
    // (one inside the cue, one after it, one after "the", one after each of two words), so it starts after the
    // sixth run from the end.
    Matcher b = HARM_BEFORE.matcher(before);
    b.region(tailStart(before, 6), before.length());
    return b.find() || HARM_AFTER.matcher(after).lookingAt();
  }

  /** The reference: find() over the whole strings. Kept for tests. */
  static boolean isPatientByFind(String text, Span sentence, Span mention) {
    return HARM_BEFORE.matcher(text.substring(sentence.start(), mention.start())).find()
        || HARM_AFTER.matcher(text.substring(mention.end(), sentence.end())).find();
  }

  /** Where the text after the {@code runs}-th run of regex whitespace from the end starts (0 if fewer runs). */
  static int tailStart(String s, int runs) {
    int i = s.length();
    int seen = 0;
    while (i > 0) {
      if (RegexChars.isSpace(s.charAt(i - 1))) {
        if (++seen == runs) {
          return i;
        }
        while (i > 0 && RegexChars.isSpace(s.charAt(i - 1))) {
          i--;
        }
      } else {
        i--;
      }
    }
    return 0;
  }
}

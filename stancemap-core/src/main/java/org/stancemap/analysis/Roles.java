package org.stancemap.analysis;

import java.util.regex.Pattern;
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
    return HARM_BEFORE.matcher(before).find() || HARM_AFTER.matcher(after).find();
  }
}

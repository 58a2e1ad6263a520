package org.stancemap.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stancemap.text.Span;

class SpeakersTest {
  private static String speaker(String text) {
    Span s = Speakers.find(text, new Span(0, text.length()));
    return s == null ? null : s.of(text);
  }

  @Test
  void namesWhoHoldsAReportedClaim() {
    assertEquals("Campists", speaker("Campists claim that NATO provoked the war."));
    assertEquals("Some on the left", speaker("Some on the left argue that Kyiv is a puppet."));
    assertEquals("the Kremlin", speaker("According to the Kremlin, the referendums were free."));
    assertEquals("The Western media", speaker("The Western media would have you believe Russia is losing."));
    assertEquals("Lavrov", speaker("Yesterday, Lavrov said the talks had failed."));
  }

  @Test
  void theAuthorAndNobodyAreNoSpeakers() {
    assertNull(speaker("We are told that sanctions will end the war."));
    assertNull(speaker("I think the invasion is a crime."));
    assertNull(speaker("Russia invaded Ukraine in February 2022."));
  }

  @Test
  void spansAreOffsetsIntoTheDocument() {
    String doc = "First sentence here. Putin claims the West started it.";
    Span sentence = new Span(21, doc.length());
    Span s = Speakers.find(doc, sentence);
    assertEquals("Putin", s.of(doc));
    assertTrue(s.start() >= sentence.start());
  }

  @Test
  void aVoiceIsConsistent() {
    Span s = new Span(0, 10);
    assertThrows(IllegalArgumentException.class, () -> new Voice(s, "author", 0.9, Voice.REBUTS, 0.8, null));
    assertThrows(IllegalArgumentException.class, () -> new Voice(s, "reported", 0.9, null, 0, null));
    assertThrows(IllegalArgumentException.class, () -> new Voice(s, "narrator", 0.9, null, 0, null));
    Voice v = new Voice(s, "reported", 0.8, Voice.ENDORSES, 0.7, null);
    assertTrue(v.authorAsserts());
    assertTrue(new Voice(s, "reported", 0.8, Voice.REBUTS, 0.7, null).rebutted());
  }
}

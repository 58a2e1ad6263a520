package org.stancemap.gloss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shipped glossary parses, is versioned, is large enough to read a political text, and reads its basics. */
class GlossaryFilesTest {

  @Test
  void everyShippedGlossaryParsesAndIsVersioned() {
    for (String language : Glossary.SHIPPED_LANGUAGES) {
      Glossary g = Glossary.shipped(language).orElseThrow(() -> new AssertionError("no glossary for " + language));
      assertEquals(language, g.language());
      assertTrue(g.version().matches("[0-9]+\\.[0-9]+"), language + " version " + g.version());
      assertTrue(g.size() >= 3000, language + " has only " + g.size() + " entries");
    }
  }

  @Test
  void theTargetsOfTheDebateAreNamedInEveryLanguage() {
    // one sentence per language, written for this test: "NATO, Russia and Ukraine; the Kremlin and Washington"
    List<String[]> cases = List.of(
        new String[] {"deu", "Die NATO, Russland und die Ukraine; der Kreml und Washington."},
        new String[] {"fra", "L'OTAN, la Russie et l'Ukraine ; le Kremlin et Washington."},
        new String[] {"spa", "La OTAN, Rusia y Ucrania; el Kremlin y Washington."},
        new String[] {"ita", "La NATO, la Russia e l'Ucraina; il Cremlino e Washington."},
        new String[] {"por", "A OTAN, a Rússia e a Ucrânia; o Kremlin e Washington."},
        new String[] {"pol", "NATO, Rosja i Ukraina; Kreml i Waszyngton."});
    for (String[] c : cases) {
      String english = Glossary.shipped(c[0]).orElseThrow().gloss(c[1]).english();
      for (String name : List.of("NATO", "Russia", "Ukraine", "Kremlin", "Washington")) {
        assertTrue(english.contains(name), c[0] + ": '" + english + "' lacks " + name);
      }
    }
  }

  @Test
  void negationSurvivesTheGloss() {
    List<String[]> cases = List.of(
        new String[] {"deu", "Wir unterstützen diesen Krieg nicht."},
        new String[] {"fra", "Nous ne soutenons pas cette guerre."},
        new String[] {"spa", "No apoyamos esta guerra."},
        new String[] {"ita", "Non sosteniamo questa guerra."},
        new String[] {"por", "Não apoiamos esta guerra."},
        new String[] {"pol", "Nie popieramy tej wojny."});
    for (String[] c : cases) {
      String english = Glossary.shipped(c[0]).orElseThrow().gloss(c[1]).english().toLowerCase(java.util.Locale.ROOT);
      assertTrue(english.matches(".*\\b(not|no)\\b.*") && english.contains("war"), c[0] + ": " + english);
    }
  }
}

package org.stancemap.codebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

/** A small valid codebook written for the tests, and helpers to break it in one place. */
final class TinyCodebook {
  private TinyCodebook() {}

  static final String YAML = """
      format: stancemap.codebook/1
      id: tiny
      version: 0.1.0
      name: Tiny test codebook
      targets:
        - id: russia
          name: Russia
          definition: The Russian state.
          aliases: ["Russia", "Russian", "Putin", "Russian Federation", "Kremlin"]
          implied: ["the invaders", "the aggressor state"]
          opposes: ["ukraine"]
          stance:
            favor:
              definition: Supports the Russian state.
              exemplars: ["Russia was right to act.", "Putin defends his country well.", "The Kremlin had no choice.", "Russian troops are liberators."]
            against:
              definition: Opposes the Russian state.
              exemplars: ["Russia must withdraw now.", "Putin is a war criminal.", "The Kremlin lies daily.", "Russian shelling kills civilians."]
            none:
              definition: Mentions Russia without a side.
              exemplars: ["Russia held talks on Monday.", "Putin spoke for two hours.", "The Kremlin declined to comment.", "Russian gas prices changed."]
        - id: ukraine
          name: Ukraine
          definition: The Ukrainian state and people.
          aliases: ["Ukraine", "Ukrainian", "Kyiv"]
          opposes: ["russia"]
          stance:
            favor:
              definition: Supports Ukraine.
              exemplars: ["Ukraine has every right to resist.", "Kyiv deserves our support.", "Ukrainian workers are heroes.", "Ukraine must win this war."]
            against:
              definition: Opposes Ukraine.
              exemplars: ["Ukraine provoked the war.", "Kyiv is a puppet regime.", "Ukrainian leaders are corrupt.", "Ukraine should surrender."]
            none:
              definition: Mentions Ukraine without a side.
              exemplars: ["Ukraine exports grain.", "Kyiv is a large city.", "Ukrainian is a Slavic language.", "Ukraine borders Poland."]
      narratives:
        - id: west-aggressor
          name: The West is the aggressor
          source: Written for the tests
          stance: {russia: favor}
          definition: Blames the West for the war.
          exemplars: ["NATO expansion caused this war.", "Washington provoked Moscow for decades.", "The West wanted this war all along.", "Brussels pushed Russia into a corner."]
          near_misses: ["NATO met in Brussels on Tuesday."]
        - id: russian-imperialism
          definition: Calls the war Russian imperialism.
          exemplars: ["This is an imperial war of conquest.", "Moscow wants its empire back.", "The invasion is colonial aggression.", "Great-power chauvinism drives the war."]
      techniques:
        - id: whataboutism
          definition: Deflects criticism by pointing elsewhere.
          exemplars: ["But what about Iraq?", "And what about Libya, then?", "What about the bombing of Belgrade?", "Nobody complained about Yemen."]
      roles:
        - id: protagonist
          definition: Portrayed positively.
          exemplars: ["[The nurses] kept the hospital open.", "[The miners] shared their food.", "Everyone praised [the volunteers] for their work.", "[The union] organised shelters."]
        - id: antagonist
          definition: Portrayed negatively.
          exemplars: ["[The army] shelled the town.", "[The governor] stole the aid.", "They blamed [the regime] for the famine.", "[The mercenaries] looted the village."]
      actors:
        - id: putin
          name: Vladimir Putin
          kind: person
          target: russia
          aliases: ["Putin", "President Putin", "Vladimir Putin"]
      positions:
        - id: campist
          narratives: ["west-aggressor"]
          stance: {russia: favor}
          definition: Sides with Russia against the West.
          exemplars: ["The main enemy is at home.", "Russia is fighting Western hegemony.", "The left must oppose NATO, not Moscow.", "Moscow is a counterweight to Washington."]
        - id: unrelated
          definition: Not about the debate.
          exemplars: ["The weather was fine today.", "Our bake sale raised money.", "The train was late again.", "Please bring your own chairs."]
      """;

  static Codebook load() {
    return CodebookLoader.parse("tiny.yaml", YAML.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #YAML} with {@code from} (which must occur exactly once) replaced by {@code to}. */
  static String with(String from, String to) {
    int first = YAML.indexOf(from);
    assertEquals(first, YAML.lastIndexOf(from), "fixture text must occur exactly once: " + from);
    if (first < 0) {
      throw new IllegalArgumentException("not in the fixture: " + from);
    }
    return YAML.replace(from, to);
  }
}

package org.stancemap.search;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.stancemap.InvalidInputException;

/** A regular expression that would cost seconds of CPU to compile is refused before Lucene builds it (#20.2). */
class RegexpCostTest {
  @Test
  void hugeRepeatsAndLongExpressionsAreRefusedWithTheLimit() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> QueryCompiler.checkRegexpCost("[a-z]{1,100000}"));
    assertTrue(e.getMessage().contains("at most 50"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> QueryCompiler.checkRegexpCost("a{51}"));
    assertThrows(InvalidInputException.class, () -> QueryCompiler.checkRegexpCost("x".repeat(201)));
    assertThrows(InvalidInputException.class, () -> QueryCompiler.checkRegexpCost("b{99999999999999999999,}"));
  }

  @Test
  void ordinaryExpressionsPass() {
    assertDoesNotThrow(() -> QueryCompiler.checkRegexpCost("sanction[a-z]*"));
    assertDoesNotThrow(() -> QueryCompiler.checkRegexpCost("[0-9]{4}"));
    assertDoesNotThrow(() -> QueryCompiler.checkRegexpCost("ab{2,50}c"));
  }

  @Test
  void theCompilerRefusesTheCostlyQueryQuickly() {
    QueryCompiler c = new QueryCompiler(new org.apache.lucene.analysis.standard.StandardAnalyzer());
    assertThrows(InvalidInputException.class, () -> c.compile("/[a-z]{1,100000}/"));
  }

  @Test
  void closedValueSetsAndHugeQueriesSayWhatIsWrong() {
    QueryCompiler c = new QueryCompiler(new org.apache.lucene.analysis.standard.StandardAnalyzer());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.compile("stance.russia:maybe"));
    assertTrue(e.getMessage().contains("favor, against, none"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> c.compile("kind:nonsense"));
    assertTrue(e.getMessage().contains("paragraph"), e.getMessage());
    assertDoesNotThrow(() -> c.compile("stance.russia:favor kind:comment"));
    String many = String.join(" OR ", IntStream.range(0, 3000).mapToObj(i -> "w" + i).toList());
    e = assertThrows(InvalidInputException.class, () -> c.compile(many));
    assertTrue(e.getMessage().contains("terms or clauses"), e.getMessage());
  }

  @Test
  void rebuttedNarrativesHaveAFieldOfTheirOwn() {
    QueryCompiler c = new QueryCompiler(new org.apache.lucene.analysis.standard.StandardAnalyzer());
    assertDoesNotThrow(() -> c.compile("narrative.rebuts:west-aggressor"));
    assertDoesNotThrow(() -> c.compile("doc.narrative.rebuts:west-aggressor"));
    assertTrue(Fields.isKeyword("narrative.rebuts") && Fields.isKeyword("doc.narrative.rebuts"));
  }
}

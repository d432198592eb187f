package dev.faultline.agent.instrument.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MethodPatternTest {

  @Test
  void parsesAListOfClassHashMethodItems() {
    List<MethodPattern> patterns = MethodPattern.parseAll(" com.acme.OrderService#place , com.acme.*Repository#find*,");
    assertEquals(List.of(new MethodPattern("com.acme.OrderService", "place"),
        new MethodPattern("com.acme.*Repository", "find*")), patterns);
  }

  @Test
  void starMatchesAnyRunOfCharactersAndTheRestIsLiteral() {
    MethodPattern pattern = MethodPattern.parse("com.acme.*Repository#find*");
    assertTrue("com.acme.ItemRepository".matches(pattern.classRegex()));
    assertTrue("com.acme.sub.ItemRepository".matches(pattern.classRegex()));
    assertFalse("com.acmeXItemRepository".matches(pattern.classRegex()), "the dot is literal");
    assertFalse("com.acme.ItemRepositoryImpl".matches(pattern.classRegex()));
    assertTrue("findById".matches(pattern.methodRegex()));
    assertTrue("find".matches(pattern.methodRegex()));
    assertFalse("refind".matches(pattern.methodRegex()));
    assertTrue("Inner$Class".matches(MethodPattern.parse("Inner$Class#*x").classRegex()));
    assertTrue("ax".matches(MethodPattern.parse("Inner$Class#*x").methodRegex()));
  }

  @Test
  void rejectsMalformedAndTooBroadPatternsWithAnActionableMessage() {
    for (String bad : new String[] {"com.acme.OrderService", "#place", "com.acme.OrderService#", "a#b#c",
        "*#place", "com.acme.Order Service#place", "com.acme.OrderService#pla.ce"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse(bad), bad);
      assertTrue(e.getMessage().contains("e.g."), e.getMessage());
    }
    IllegalArgumentException jdk =
        assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse("java.util.*#get"));
    assertTrue(jdk.getMessage().contains("JDK"), jdk.getMessage());
  }
}

package dev.loupe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureBindingTest {

  @Test
  void byNameWhateverTheOrderAndExtraColumns() {
    FeatureBinding b = FeatureBinding.bind(Schema.numeric("a", "b"), true, Schema.numeric("id", "b", "a"));
    assertEquals(2, b.sourceColumn(0));
    assertEquals(1, b.sourceColumn(1));
  }

  @Test
  void aMissingColumnIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureBinding.bind(Schema.numeric("a", "b"), true, Schema.numeric("a")));
    assertTrue(e.getMessage().contains("'b'"), e.getMessage());
  }

  @Test
  void aModelWithoutNamesBindsByItsPlaceholderNamesWhenTheDataHasThem() {
    FeatureBinding b = FeatureBinding.bind(Schema.positional(2), false, Schema.numeric("id", "f1", "f0"));
    assertEquals(2, b.sourceColumn(0));
    assertEquals(1, b.sourceColumn(1));
  }

  @Test
  void aModelWithoutNamesBindsByPositionOnlyWhenTheColumnCountsAgree() {
    FeatureBinding b = FeatureBinding.bind(Schema.positional(2), false, Schema.numeric("u", "v"));
    assertEquals(0, b.sourceColumn(0));
    assertEquals(1, b.sourceColumn(1));
    // an extra column (an id) would shift every feature: refused with what to do
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureBinding.bind(Schema.positional(2), false, Schema.numeric("id", "u", "v")));
    assertTrue(e.getMessage().contains("3 columns for the model's 2 features"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> FeatureBinding.bind(Schema.positional(2), false, Schema.numeric("u")));
  }
}

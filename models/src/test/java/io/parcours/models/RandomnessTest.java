package io.parcours.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class RandomnessTest {

  @Test
  void eachThreadKeepsItsOwnGenerator() throws Exception {
    UniformRandomProvider mine = Randomness.current();
    UniformRandomProvider other = CompletableFuture.supplyAsync(Randomness::current).get();

    assertSame(mine, Randomness.current());
    assertNotSame(mine, other);
  }

  @Test
  void aSeededGeneratorRepeatsItself() {
    assertEquals(Randomness.seeded(99).nextLong(), Randomness.seeded(99).nextLong());
  }
}

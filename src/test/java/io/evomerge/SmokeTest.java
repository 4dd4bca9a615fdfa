package io.evomerge;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import ai.djl.ndarray.NDManager;
class SmokeTest {
  @Test void nd4j() { System.out.println(Nd4j.create(new float[]{1,2,3}).mul(2)); }
  @Test void djl() { try (NDManager m = NDManager.newBaseManager()) { System.out.println(m.create(new float[]{1,2}).mul(3) + " " + m.getEngine().getEngineName()); } }
}

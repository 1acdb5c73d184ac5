package dev.loupe.explainers.shapley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import dev.loupe.core.Seed;
import dev.loupe.io.csv.Table;
import dev.loupe.testkit.Datasets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Background#kmeans}. Expected values come from the construction of the data: blobs far
 * apart whose sizes are known, columns whose value sets are known; weights are checked to
 * {@value #TOL} (sums of a few hundred doubles).
 */
class BackgroundKMeansTest {
  static final double TOL = 1e-12;

  /** Three tight blobs of 50, 30 and 20 rows, 100 standard deviations apart; {@code y} integer. */
  static Frame blobs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] sizes = {50, 30, 20};
    double[][] centres = {{0, 0}, {100, 0}, {0, 100}};
    double[] x = new double[100];
    double[] y = new double[100];
    double[] c = new double[100];
    int i = 0;
    for (int b = 0; b < 3; b++) {
      for (int t = 0; t < sizes[b]; t++, i++) {
        x[i] = centres[b][0] + r.nextGaussian();
        y[i] = centres[b][1] + r.nextInt(-2, 3);
        c[i] = b == 2 && t % 4 == 0 ? 3 : b; // categorical: blob b's code, a quarter of blob 2 coded 3
      }
    }
    Schema s = new Schema(List.of(Feature.numeric("x"), Feature.numeric("y"), Feature.categorical("c")));
    return Frame.of(s, new double[][] {x, y, c});
  }

  @Test
  void recoversSeparatedBlobsWithTheirSizesAsWeights() {
    Frame data = blobs(1);
    for (long seed = 0; seed < 5; seed++) {
      Background bg = Background.kmeans(data, 3, new Seed(seed));
      assertEquals(3, bg.size());
      double[] w = bg.weights().clone();
      assertEquals(1.0, Arrays.stream(w).sum(), TOL);
      Arrays.sort(w);
      assertArrayEquals(new double[] {0.2, 0.3, 0.5}, w, TOL, "weights = blob sizes / 100");
      for (int i = 0; i < 3; i++) {
        double x = bg.rows().get(i, 0);
        double y = bg.rows().get(i, 1);
        int blob = x > 50 ? 1 : y > 50 ? 2 : 0;
        assertEquals(blob, bg.rows().get(i, 2), "the blob's most frequent code");
        assertEquals(new double[] {0.5, 0.3, 0.2}[blob], bg.weights()[i], TOL);
      }
    }
  }

  @Test
  void centresAreDataValuesOnAdultWithMissingValues() {
    Table t = Datasets.adult();
    Frame data = Datasets.withMissing(t.features().select(Datasets.sample(t.rows(), 2000, 3)), 0.05, 4);
    Background bg = Background.kmeans(data, 25, new Seed(11));
    assertTrue(bg.size() <= 25 && bg.size() >= 20, "clusters: " + bg.size());
    assertEquals(1.0, Arrays.stream(bg.weights()).sum(), TOL);
    for (double w : bg.weights()) {
      double count = w * 2000; // cluster size
      assertEquals(Math.rint(count), count, 1e-9, "weights are cluster sizes over 2,000");
    }
    for (int j = 0; j < data.columns(); j++) {
      Set<Double> values = new HashSet<>();
      for (double v : data.column(j)) {
        values.add(v);
      }
      for (int i = 0; i < bg.size(); i++) {
        double v = bg.rows().get(i, j);
        // 5% missing at random: no cluster has more than half its rows missing
        assertTrue(!Double.isNaN(v) && values.contains(v),
            "centre " + i + " of " + data.schema().name(j) + " is " + v + ", not a data value");
      }
    }
    assertEquals(data.schema(), bg.rows().schema());
  }

  @Test
  void mostlyMissingFeatureStaysMissing() {
    Frame data = blobs(2);
    double[] y = data.column(1);
    for (int i = 0; i < 50; i++) {
      if (i % 5 != 0) {
        y[i] = Double.NaN; // 80% of blob 0 is missing y
      }
    }
    Frame withMissing = Frame.of(data.schema(), new double[][] {data.column(0), y, data.column(2)});
    Background bg = Background.kmeans(withMissing, 3, new Seed(1));
    int missing = 0;
    for (int i = 0; i < 3; i++) {
      double v = bg.rows().get(i, 1);
      if (Double.isNaN(v)) {
        missing++;
        assertEquals(0.5, bg.weights()[i], TOL, "blob 0 is the one with missing y");
      }
    }
    assertEquals(1, missing);
  }

  @Test
  void deterministicAndScaleInvariant() {
    Table t = Datasets.creditDefault();
    Frame data = t.features().select(Datasets.sample(t.rows(), 1500, 5));
    Background a = Background.kmeans(data, 20, new Seed(3));
    Background b = Background.kmeans(data, 20, new Seed(3));
    assertArrayEquals(a.weights(), b.weights(), 0.0);
    assertArrayEquals(a.rows().rowMajor(), b.rows().rowMajor(), 0.0);
    assertEquals(a.digest(), b.digest());

    // standardised distance: multiplying a column by 1024 (exact in binary) changes nothing but
    // that column's values, which are multiplied too
    double[][] cols = new double[data.columns()][];
    for (int j = 0; j < cols.length; j++) {
      cols[j] = data.column(j);
    }
    for (int i = 0; i < cols[0].length; i++) {
      cols[0][i] *= 1024;
    }
    Background scaled = Background.kmeans(Frame.of(data.schema(), cols), 20, new Seed(3));
    assertArrayEquals(a.weights(), scaled.weights(), 0.0);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.rows().get(i, 0) * 1024, scaled.rows().get(i, 0), 0.0);
      for (int j = 1; j < data.columns(); j++) {
        assertEquals(a.rows().get(i, j), scaled.rows().get(i, j), 0.0);
      }
    }
  }

  @Test
  void smallDataAndBadInput() {
    Frame data = blobs(3).slice(0, 10);
    Background all = Background.kmeans(data, 10, new Seed(1));
    assertArrayEquals(data.rowMajor(), all.rows().rowMajor(), 0.0, "k >= rows: the rows themselves");
    double[] equal = new double[10];
    Arrays.fill(equal, 0.1);
    assertArrayEquals(equal, all.weights(), TOL);
    assertEquals(10, Background.kmeans(data, 50, new Seed(1)).size());

    // two distinct rows, k = 3: two clusters
    Schema s = Schema.numeric("u");
    Frame two = Frame.of(s, new double[][] {{1, 1, 1, 2, 2}});
    Background b = Background.kmeans(two, 3, new Seed(1));
    assertEquals(2, b.size());

    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> Background.kmeans(data, 0, new Seed(1)));
    assertTrue(zero.getMessage().contains("k") && zero.getMessage().contains("was 0"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Background.kmeans(data.slice(0, 0), 3, new Seed(1)));
  }
}

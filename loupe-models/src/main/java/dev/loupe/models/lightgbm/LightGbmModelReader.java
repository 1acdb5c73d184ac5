package dev.loupe.models.lightgbm;

import dev.loupe.core.Digests;
import dev.loupe.core.ModelFormatException;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.models.ModelFiles;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads LightGBM's text model (written by {@code Booster.save_model} / {@code LGBM_BoosterSaveModel},
 * format {@code v2}..{@code v4}) into a {@link TreeEnsemble} whose margins equal LightGBM's raw
 * scores ({@code predict(raw_score=True)}).
 *
 * <p>The header ({@link Header}) gives the features, their types (from {@code feature_infos}), the
 * outputs and link (from {@code objective}, see {@link Objective}); each {@code Tree=} block
 * ({@link TreeBlockReader}) becomes one tree adding to output {@code t % num_tree_per_iteration}.
 * LightGBM has no base score: the initial score is inside the first iteration's leaves, so the
 * base margin is 0. In random-forest mode ({@code average_output}) leaf values are divided by the
 * number of iterations, so that the sum over trees is LightGBM's average. Reading stops at
 * {@code end of trees}; feature importances, parameters and {@code pandas_categorical} are ignored.
 *
 * <p>Anything Loupe cannot reproduce exactly (linear trees, {@code multiclassova}, a sigmoid other
 * than 1, unknown keys) and any damage (truncation, fewer trees than {@code tree_sizes} declares, a
 * missing line) is a {@link ModelFormatException} naming the file, the tree and the line; Loupe
 * never guesses. Cost: one pass over the text. Stateless and thread-safe.
 */
public final class LightGbmModelReader {
  private LightGbmModelReader() {}

  /** Reads a model file. */
  public static TreeEnsemble read(Path file) {
    return read(ModelFiles.readAllBytes(file), file.toString());
  }

  /** Reads a model from its bytes; {@code source} names it in messages. */
  public static TreeEnsemble read(byte[] bytes, String source) {
    if (isBlank(bytes)) {
      throw new ModelFormatException(source + ": the model file is empty; expected a LightGBM text model"
          + " (from save_model)");
    }
    String content;
    try {
      content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ModelFormatException(source + ": not a LightGBM text model: the file is not UTF-8 text (a binary"
          + " file?); expected a model written by save_model");
    }
    ModelText text = ModelText.parse(content, source);
    Header header = Header.parse(text);
    List<ModelText.TreeBlock> trees = text.trees();
    int k = header.numTreePerIteration();
    if (header.declaredTrees() >= 0 && header.declaredTrees() != trees.size()) {
      throw new ModelFormatException(source + ": tree_sizes declares " + header.declaredTrees() + " trees but the file"
          + " holds " + trees.size() + " (after tree " + (trees.size() - 1) + "); the file is truncated or damaged");
    }
    if (trees.isEmpty()) {
      throw new ModelFormatException(source + ": the model has no trees");
    }
    if (trees.size() % k != 0) {
      throw new ModelFormatException(source + ": " + trees.size() + " trees is not a whole number of iterations of "
          + k + " trees each (num_tree_per_iteration); the file is truncated or damaged");
    }
    int iterations = trees.size() / k;
    double leafScale = header.averageOutput() ? 1.0 / iterations : 1.0;
    Objective objective = header.objective();
    TreeEnsemble.Builder builder = TreeEnsemble.builder(header.schema(), objective.outputs())
        .hasFeatureNames(!header.placeholderNames())
        .link(objective.link())
        .format("lightgbm " + header.version() + " " + objective.name() + (header.averageOutput() ? " rf" : ""))
        .digest(Digests.sha256(bytes));
    for (int t = 0; t < trees.size(); t++) {
      TreeBlockReader.read(text, trees.get(t), header.numFeatures(), t % k, leafScale, builder);
    }
    return builder.build();
  }

  /** Whether the bytes look like LightGBM's text model (a first line {@code tree}). */
  public static boolean looksLikeLightGbm(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
    return head.startsWith("tree\n") || head.startsWith("tree\r\n");
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }
}

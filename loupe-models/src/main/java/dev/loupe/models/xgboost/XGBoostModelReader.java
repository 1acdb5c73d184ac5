package dev.loupe.models.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.ModelFormatException;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.models.ModelFiles;
import java.nio.file.Path;

/**
 * Reads XGBoost tree models written by {@code save_model} (XGBoost 1.6 to 3.x) in JSON or in
 * UBJSON (the default binary form since 2.1), told apart by content, into a {@link TreeEnsemble}
 * whose margins equal XGBoost's {@code predict(output_margin=True)} up to float rounding.
 *
 * <p>Supported: the gbtree booster with numeric and categorical splits, multiclass and
 * multi-target outputs, {@code num_parallel_tree > 1}, and the objectives {@code binary:logistic},
 * {@code binary:logitraw}, {@code reg:squarederror}, {@code reg:logistic},
 * {@code reg:absoluteerror}, {@code count:poisson}, {@code reg:gamma}, {@code reg:tweedie},
 * {@code multi:softprob}, {@code multi:softmax}. Outputs are named {@code "1"} for a binary
 * objective (the log-odds of label 1), {@code "value"} for a single regression output, and
 * {@code "0" .. "k-1"} for classes or targets. Anything else that would change a prediction (DART,
 * gblinear, vector-leaf trees, other objectives) and any malformed or truncated file is a
 * {@link ModelFormatException} naming the file and the part; Loupe never guesses.
 *
 * <p>Checked on real files of XGBoost4J 1.6.2, 1.7.6, 2.0.3, 2.1.4, 3.0.4 and 3.4.0 (JSON and
 * UBJSON; binary, regression, multiclass, {@code num_parallel_tree = 2}, categorical from 1.7) against
 * the margins each of those releases computed ({@code XGBoostVersionsTest}).
 *
 * <p>Cost: linear in the file size (the document is held as one tree while translating). Stateless
 * and thread-safe.
 *
 * @see <a href="https://xgboost.readthedocs.io/en/stable/tutorials/saving_model.html">XGBoost:
 *     Introduction to Model IO</a>
 */
public final class XGBoostModelReader {
  private XGBoostModelReader() {}

  /** Reads the model file (JSON or UBJSON, detected from the content, not the name). */
  public static TreeEnsemble read(Path file) {
    return read(ModelFiles.readAllBytes(file), file.toString());
  }

  /** Reads a model from its bytes (JSON or UBJSON, detected); {@code source} names it in messages. */
  public static TreeEnsemble read(byte[] bytes, String source) {
    JsonNode root = ModelDocument.parse(bytes, source);
    return new LearnerReader(source).read(root, bytes);
  }
}

package dev.loupe.models.xgboost;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.core.ModelFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of an XGBoost model file into one Jackson tree, whichever of XGBoost's two
 * document encodings it uses: JSON text ({@code save_model("m.json")}) or UBJSON
 * ({@code save_model("m.ubj")}, the default since XGBoost 2.1). The encoding is told from the
 * content: both start with <code>{</code>, which UBJSON follows with a key-length marker
 * ({@code i U I l L}) or a container optimization ({@code $ #}) and JSON with a quote, white
 * space or <code>}</code>.
 *
 * <p>JSON numbers with a fraction are kept as exact decimals, so that a float written by XGBoost
 * (the shortest decimal that reads back as that float) is read back to the very same float
 * without a detour through double. Stateless and thread-safe.
 */
final class ModelDocument {
  private static final JsonMapper JSON = JsonMapper.builder()
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private ModelDocument() {}

  /** The document's tree; a {@link ModelFormatException} naming {@code source} if it is none. */
  static JsonNode parse(byte[] bytes, String source) {
    int i = 0;
    while (i < bytes.length && isJsonSpace(bytes[i])) {
      i++;
    }
    if (i == bytes.length) {
      throw new ModelFormatException(source + ": the model file is empty; expected an XGBoost model in JSON or"
          + " UBJSON form (from save_model)");
    }
    if (bytes[i] != '{') {
      String head = new String(bytes, i, Math.min(bytes.length - i, 16), StandardCharsets.ISO_8859_1)
          .replaceAll("[^\\x20-\\x7e]", "?");
      String hint = head.startsWith("tree") || head.startsWith("version=")
          ? " It looks like a LightGBM text model: read it with LightGbmModelReader or ModelReaders."
          : head.startsWith("binf") || bytes[i] == 0
              ? " Old binary XGBoost models (.model/.bin) are not supported: load the model in XGBoost and"
                  + " save it again with save_model(\"model.json\") or (\"model.ubj\")."
              : "";
      throw new ModelFormatException(source + ": not an XGBoost JSON or UBJSON model: it starts with \""
          + head + "\" instead of '{'." + hint);
    }
    if (i == 0 && Ubjson.looksLikeUbjson(bytes)) {
      return Ubjson.parse(bytes, source);
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonEOFException e) {
      throw truncated(source, bytes, e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      if (at != null && at.getByteOffset() >= bytes.length - 1) {
        throw truncated(source, bytes, e); // cut inside a token, e.g. a number ending in '.'
      }
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()
          + " (byte " + at.getByteOffset() + ")";
      throw new ModelFormatException(source + ": malformed JSON" + where + ": " + e.getOriginalMessage()
          + "; expected an XGBoost model from save_model", e);
    } catch (IOException e) {
      throw new ModelFormatException(source + ": cannot be parsed as JSON (" + e.getMessage() + ")", e);
    }
  }

  private static ModelFormatException truncated(String source, byte[] bytes, Exception e) {
    return new ModelFormatException(source + ": the JSON model is truncated (it ends at byte " + bytes.length
        + " before the document is complete); save the model again with save_model", e);
  }

  private static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}

package dev.loupe.models.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.ModelFormatException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A parser of Universal Binary JSON (UBJSON, Draft 12, <a href="https://ubjson.org">ubjson.org</a>)
 * into Jackson {@link JsonNode} trees, as XGBoost writes it ({@code save_model("m.ubj")}, the
 * default binary form since XGBoost 2.1). Jackson has no UBJSON module.
 *
 * <p>Format facts used: every value starts with a one-byte type marker ({@code Z} null, {@code N}
 * no-op, {@code T}/{@code F} booleans, {@code i} int8, {@code U} uint8, {@code I} int16, {@code l}
 * int32, {@code L} int64, {@code d} float32, {@code D} float64, {@code H} high-precision number as
 * a string, {@code C} char, {@code S} string, {@code [} array, <code>{</code> object); numbers are
 * big-endian; a string is a length (an integer value with its marker) and UTF-8 bytes; object keys
 * are strings without the {@code S} marker. Containers may be optimized: {@code $} gives one type
 * for every element (whose markers are then omitted) and {@code #} a count (then there is no
 * closing marker). XGBoost writes its float arrays (split conditions, hessians) as {@code [$d#},
 * which this parser keeps as {@code float} nodes, so no value is rounded twice.
 *
 * <p>Malformed or truncated input is a {@link ModelFormatException} naming the source and the
 * byte offset. Cost: one pass, linear in the input. Not thread-safe (one instance per parse).
 */
final class Ubjson {
  private static final int MAX_DEPTH = 512;
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final byte[] in;
  private final String source;
  private int pos;

  private Ubjson(byte[] in, String source) {
    this.in = in;
    this.source = source;
  }

  /** Parses one UBJSON value filling all of {@code bytes}. */
  static JsonNode parse(byte[] bytes, String source) {
    Ubjson p = new Ubjson(bytes, source);
    JsonNode root = p.value(p.marker(), 0);
    while (p.pos < bytes.length && bytes[p.pos] == 'N') {
      p.pos++;
    }
    if (p.pos != bytes.length) {
      throw p.error("unexpected data after the end of the UBJSON document");
    }
    return root;
  }

  /** Whether {@code bytes} (starting with an object marker) look like UBJSON rather than JSON text. */
  static boolean looksLikeUbjson(byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != '{') {
      return false;
    }
    byte b = bytes[1];
    return b == 'i' || b == 'U' || b == 'I' || b == 'l' || b == 'L' || b == '$' || b == '#';
  }

  private byte marker() {
    byte m;
    do {
      need(1, "a type marker");
      m = in[pos++];
    } while (m == 'N');
    return m;
  }

  private JsonNode value(byte marker, int depth) {
    switch (marker) {
      case 'Z': return NODES.nullNode();
      case 'T': return NODES.booleanNode(true);
      case 'F': return NODES.booleanNode(false);
      case 'i': case 'U': case 'I': case 'l': case 'L': return NODES.numberNode(integer(marker));
      case 'd': {
        need(4, "a float32");
        return NODES.numberNode(Float.intBitsToFloat((int) bigEndian(4)));
      }
      case 'D': {
        need(8, "a float64");
        return NODES.numberNode(Double.longBitsToDouble(bigEndian(8)));
      }
      case 'H': {
        int at = pos;
        String s = string();
        try {
          return NODES.numberNode(new BigDecimal(s));
        } catch (NumberFormatException e) {
          throw error("bad high-precision number '" + s + "' at byte " + at);
        }
      }
      case 'C': {
        need(1, "a char");
        return NODES.textNode(String.valueOf((char) (in[pos++] & 0xFF)));
      }
      case 'S': return NODES.textNode(string());
      case '[': return array(depth + 1);
      case '{': return object(depth + 1);
      default:
        pos--;
        throw error("unknown UBJSON type marker '" + printable(marker) + "'");
    }
  }

  /** A container's optional header: {@code $type#count}, {@code #count}, or none (count -1). */
  private record ContainerHeader(byte type, long count) {}

  private ContainerHeader containerHeader(String what) {
    if (peek() == '$') {
      pos++;
      need(1, "the " + what + " type of an optimized container");
      byte type = in[pos++];
      return new ContainerHeader(type, count());
    }
    if (peek() == '#') {
      return new ContainerHeader((byte) 0, count());
    }
    return new ContainerHeader((byte) 0, -1);
  }

  private ArrayNode array(int depth) {
    checkDepth(depth);
    ArrayNode a = NODES.arrayNode();
    ContainerHeader h = containerHeader("element");
    byte type = h.type();
    long count = h.count();
    if (count >= 0) {
      for (long i = 0; i < count; i++) {
        a.add(value(type != 0 ? type : marker(), depth));
      }
      return a;
    }
    while (true) {
      byte m = marker();
      if (m == ']') {
        return a;
      }
      a.add(value(m, depth));
    }
  }

  private ObjectNode object(int depth) {
    checkDepth(depth);
    ObjectNode o = NODES.objectNode();
    ContainerHeader h = containerHeader("value");
    byte type = h.type();
    long count = h.count();
    if (count >= 0) {
      for (long i = 0; i < count; i++) {
        String key = keyString(marker());
        o.set(key, value(type != 0 ? type : marker(), depth));
      }
      return o;
    }
    while (true) {
      byte m = marker();
      if (m == '}') {
        return o;
      }
      String key = keyString(m);
      o.set(key, value(marker(), depth));
    }
  }

  private long count() {
    need(1, "a container count");
    if (in[pos] != '#') {
      throw error("expected '#' and a count after the '$' type of an optimized container");
    }
    pos++;
    int at = pos;
    long n = integer(marker());
    // Every element takes at least one byte, except in a typed container of null/no-op/booleans.
    if (n < 0 || n > (long) (in.length - pos) * 8 + 64) {
      pos = at;
      throw error("container count " + n + " is impossible for the " + (in.length - pos) + " bytes left");
    }
    return n;
  }

  private String keyString(byte lengthMarker) {
    if (lengthMarker != 'i' && lengthMarker != 'U' && lengthMarker != 'I' && lengthMarker != 'l'
        && lengthMarker != 'L') {
      pos--;
      throw error("expected an object key (a length with an integer marker), found '" + printable(lengthMarker) + "'");
    }
    return utf8(integer(lengthMarker));
  }

  private String string() {
    return utf8(integer(marker()));
  }

  private String utf8(long n) {
    if (n < 0) {
      throw error("negative string length " + n);
    }
    need(n, "a string of " + n + " bytes");
    String s = new String(in, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    return s;
  }

  private long integer(byte marker) {
    switch (marker) {
      case 'i': need(1, "an int8"); return in[pos++];
      case 'U': need(1, "a uint8"); return in[pos++] & 0xFF;
      case 'I': need(2, "an int16"); return (short) bigEndian(2);
      case 'l': need(4, "an int32"); return (int) bigEndian(4);
      case 'L': need(8, "an int64"); return bigEndian(8);
      default:
        pos--;
        throw error("expected an integer marker (i, U, I, l, L), found '" + printable(marker) + "'");
    }
  }

  private long bigEndian(int bytes) {
    long v = 0;
    for (int k = 0; k < bytes; k++) {
      v = (v << 8) | (in[pos++] & 0xFF);
    }
    return v;
  }

  private byte peek() {
    need(1, "more data");
    return in[pos];
  }

  private void need(long n, String what) {
    if (n > in.length - pos) {
      throw new ModelFormatException(source + ": the UBJSON model is truncated at byte " + pos + " of "
          + in.length + " (expected " + what + "); save the model again with save_model");
    }
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("containers nested deeper than " + MAX_DEPTH);
    }
  }

  private ModelFormatException error(String what) {
    return new ModelFormatException(source + ": malformed UBJSON at byte " + pos + ": " + what
        + "; expected an XGBoost model from save_model");
  }

  private static String printable(byte b) {
    return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("0x%02x", b & 0xFF);
  }
}

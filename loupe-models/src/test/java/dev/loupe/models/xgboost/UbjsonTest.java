package dev.loupe.models.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.ModelFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The UBJSON parser on hand-built bytes (UBJSON Draft 12, big-endian); every expected value is the
 * one encoded in the test.
 */
class UbjsonTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private UbjsonTest b(int... bytes) {
    for (int x : bytes) {
      out.write(x);
    }
    return this;
  }

  private UbjsonTest key(String k) {
    byte[] s = k.getBytes(StandardCharsets.UTF_8);
    b('U', s.length);
    out.writeBytes(s);
    return this;
  }

  private UbjsonTest raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  @Test
  void everyTypeAndContainerForm() {
    b('{');
    key("i").b('i', 0xFE);                                   // int8 -2
    key("U").b('U', 0xFE);                                   // uint8 254
    key("I").b('I', 0xFF, 0x38);                             // int16 -200
    key("l").raw(ByteBuffer.allocate(5).put((byte) 'l').putInt(-70000).array());
    key("L").raw(ByteBuffer.allocate(9).put((byte) 'L').putLong(1L << 40).array());
    key("d").raw(ByteBuffer.allocate(5).put((byte) 'd').putFloat(0.1f).array());
    key("D").raw(ByteBuffer.allocate(9).put((byte) 'D').putDouble(0.1).array());
    key("s").b('S', 'U', 2).raw("ok".getBytes(StandardCharsets.US_ASCII));
    key("c").b('C', 'x');
    key("t").b('N', 'T');                                    // a no-op before the value
    key("z").b('Z');
    key("H").b('H', 'U', 3).raw("1.5".getBytes(StandardCharsets.US_ASCII));
    // typed, counted float array: [$d#U 2 ...]
    key("fa").b('[', '$', 'd', '#', 'U', 2)
        .raw(ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2.25f).array());
    // counted array without a type: [#i 2 T F
    key("ca").b('[', '#', 'i', 2, 'T', 'F');
    // plain array with an end marker
    key("pa").b('[', 'i', 1, 'i', 2, ']');
    // counted object: {#U 1 key value
    key("co").b('{', '#', 'U', 1).key("k").b('i', 7);
    b('}');
    JsonNode n = Ubjson.parse(out.toByteArray(), "t.ubj");
    assertEquals(-2, n.get("i").asInt());
    assertEquals(254, n.get("U").asInt());
    assertEquals(-200, n.get("I").asInt());
    assertEquals(-70000, n.get("l").asInt());
    assertEquals(1L << 40, n.get("L").asLong());
    assertTrue(n.get("d").isFloat());
    assertEquals(0.1f, n.get("d").floatValue());
    assertEquals(0.1, n.get("D").doubleValue());
    assertEquals("ok", n.get("s").asText());
    assertEquals("x", n.get("c").asText());
    assertTrue(n.get("t").booleanValue());
    assertTrue(n.get("z").isNull());
    assertEquals("1.5", n.get("H").decimalValue().toString());
    assertEquals(1.5f, n.get("fa").get(0).floatValue());
    assertEquals(-2.25f, n.get("fa").get(1).floatValue());
    assertEquals(2, n.get("ca").size());
    assertEquals(false, n.get("ca").get(1).booleanValue());
    assertEquals(2, n.get("pa").get(1).asInt());
    assertEquals(7, n.get("co").get("k").asInt());
  }

  @Test
  void errorsNameTheSourceAndTheByte() {
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> Ubjson.parse(new byte[] {'{', 'U', 1, 'a', 'Q'}, "q.ubj"));
    assertEquals("q.ubj: malformed UBJSON at byte 4: unknown UBJSON type marker 'Q'; expected an XGBoost model"
        + " from save_model", e.getMessage());
    e = assertThrows(ModelFormatException.class, () -> Ubjson.parse(new byte[] {'{', 'U', 5, 'a'}, "k.ubj"));
    assertTrue(e.getMessage().startsWith("k.ubj: the UBJSON model is truncated at byte 3 of 4"), e.getMessage());
    e = assertThrows(ModelFormatException.class, () -> Ubjson.parse(new byte[] {'{', '}', 'i'}, "x.ubj"));
    assertTrue(e.getMessage().contains("at byte 2: unexpected data after the end"), e.getMessage());
    // A count far beyond the bytes left is refused before any allocation.
    e = assertThrows(ModelFormatException.class,
        () -> Ubjson.parse(new byte[] {'[', '$', 'd', '#', 'l', 0x7F, 0, 0, 0}, "c.ubj"));
    assertTrue(e.getMessage().contains("container count 2130706432 is impossible"), e.getMessage());
    byte[] deep = new byte[2000];
    java.util.Arrays.fill(deep, (byte) '[');
    e = assertThrows(ModelFormatException.class, () -> Ubjson.parse(deep, "d.ubj"));
    assertTrue(e.getMessage().contains("nested deeper than 512"), e.getMessage());
  }
}

package org.stancemap.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.InvalidInputException;

class TextDecoderTest {
  private static final String TEXT = "Solidarity with Kyiv – Grüße aus Köln, “no war”, Київ, 中文, 😀.";
  private final TextDecoder decoder = new TextDecoder();

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void plainUtf8() {
    Decoded d = decoder.decode(TEXT.getBytes(StandardCharsets.UTF_8), "a.txt");
    assertEquals(TEXT, d.text());
    assertEquals("UTF-8", d.charset());
    assertNull(d.note());
  }

  @Test
  void utf8WithByteOrderMarkLosesTheMark() {
    Decoded d = decoder.decode(concat(bytes(0xEF, 0xBB, 0xBF), TEXT.getBytes(StandardCharsets.UTF_8)), "bom.txt");
    assertEquals(TEXT, d.text());
    assertEquals("UTF-8", d.charset());
    assertNull(d.note());
  }

  @Test
  void utf16LittleEndianWithByteOrderMark() {
    Decoded d = decoder.decode(concat(bytes(0xFF, 0xFE), TEXT.getBytes(StandardCharsets.UTF_16LE)), "le.txt");
    assertEquals(TEXT, d.text());
    assertEquals("UTF-16LE", d.charset());
  }

  @Test
  void utf16BigEndianWithByteOrderMark() {
    Decoded d = decoder.decode(concat(bytes(0xFE, 0xFF), TEXT.getBytes(StandardCharsets.UTF_16BE)), "be.txt");
    assertEquals(TEXT, d.text());
    assertEquals("UTF-16BE", d.charset());
  }

  @Test
  void utf32WithByteOrderMarks() {
    Charset be = Charset.forName("UTF-32BE");
    Charset le = Charset.forName("UTF-32LE");
    assertEquals(TEXT, decoder.decode(concat(bytes(0, 0, 0xFE, 0xFF), TEXT.getBytes(be)), "be32.txt").text());
    assertEquals(TEXT, decoder.decode(concat(bytes(0xFF, 0xFE, 0, 0), TEXT.getBytes(le)), "le32.txt").text());
  }

  @Test
  void windows1252CurlyQuotesAreDecodedWithANote() {
    byte[] b = concat("He said ".getBytes(StandardCharsets.US_ASCII),
        concat(bytes(0x93), concat("no war".getBytes(StandardCharsets.US_ASCII),
            concat(bytes(0x94), " and left \u2014 caf\u00e9 na\u00efve.".getBytes(Charset.forName("windows-1252"))))));
    assertEquals(0x93, b[8] & 0xff);
    Decoded d = decoder.decode(b, "quotes.txt");
    assertEquals("He said “no war” and left — café naïve.", d.text());
    assertEquals("windows-1252", d.charset());
    assertNotNull(d.note());
    assertTrue(d.note().contains("offset 8") && d.note().contains("windows-1252"), d.note());
  }

  @Test
  void gb18030ChineseIsDetected() {
    String zh = "工人们在基辅的地铁站里组织了互助小组，为失去家园的家庭提供食物、药品和临时住所。"
        + "工会的志愿者每天清晨把面包和热水送到避难所，晚上再统计需要帮助的老人和孩子。"
        + "许多护士在空袭期间坚持上班，她们说，只要医院还亮着灯，城市就没有被打败。"
        + "外国的左翼组织应该直接支持这些基层网络，而不是只在会议上发表声明。"
        + "冬天来临之前，大家还要修好被炸坏的暖气管道，并为学校准备发电机。"
        + "我们会继续报道他们的消息。请把这篇文章转给你的朋友。";
    assertTrue(zh.length() >= 200, "fixture length " + zh.length());
    Decoded d = decoder.decode(zh.getBytes(Charset.forName("GB18030")), "zh.txt");
    assertEquals(zh, d.text());
    assertEquals("GB18030", d.charset());
    assertTrue(d.note().contains("GB18030"), d.note());
  }

  @Test
  void invalidUtf8NamesTheFirstBadByteOffset() {
    byte[] good = "Hello world, this is fine text ".getBytes(StandardCharsets.UTF_8);
    byte[] b = concat(good, concat(bytes(0xC3, 0x28), "aaaaaaaa".getBytes(StandardCharsets.US_ASCII)));
    Decoded d = decoder.decode(b, "bad.txt");
    assertTrue(d.note().contains("offset " + good.length), d.note());
    assertTrue(d.text().startsWith("Hello world, this is fine text "), d.text());
  }

  @Test
  void firstInvalidUtf8Offsets() {
    assertEquals(-1, TextDecoder.firstInvalidUtf8("aé中😀".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, TextDecoder.firstInvalidUtf8(bytes('a', 0x80)));
    assertEquals(1, TextDecoder.firstInvalidUtf8(bytes('a', 0xC0, 0x80)), "overlong lead byte");
    assertEquals(2, TextDecoder.firstInvalidUtf8(bytes('a', 'b', 0xE4, 0xB8)), "truncated sequence");
    assertEquals(0, TextDecoder.firstInvalidUtf8(bytes(0xF5, 0x80, 0x80, 0x80)));
  }

  @Test
  void nulBytesAreBinaryNamingTheSource() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> decoder.decode(bytes('a', 'b', 0, 1, 2, 3), "photo.dat"));
    assertTrue(e.getMessage().startsWith("photo.dat:") && e.getMessage().contains("binary"), e.getMessage());
    assertTrue(e.getMessage().contains("offset 2"), e.getMessage());
  }

  @Test
  void manyControlCharactersAreBinary() {
    byte[] b = new byte[200];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i % 2 == 0 ? 1 : 'a');
    }
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(b, "ctl.bin"));
    assertTrue(e.getMessage().startsWith("ctl.bin:") && e.getMessage().contains("binary"), e.getMessage());
  }

  @Test
  void randomBytesAreRefusedNotGarbled() {
    byte[] b = new byte[4000];
    new Random(1).nextBytes(b);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        b[i] = 1;
      }
    }
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(b, "random.bin"));
    assertTrue(e.getMessage().startsWith("random.bin:"), e.getMessage());
  }

  @Test
  void forcedCharsetIsUsedAsIs() {
    Decoded d = decoder.decode("Café".getBytes(StandardCharsets.UTF_8), "f.txt", StandardCharsets.ISO_8859_1);
    assertEquals("CafÃ©", d.text());
    assertEquals("ISO-8859-1", d.charset());
    assertNull(d.note());
  }

  @Test
  void forcedCharsetThatFailsIsRefusedNamingSourceAndCharset() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> decoder.decode("Café".getBytes(StandardCharsets.UTF_8), "f.txt", StandardCharsets.US_ASCII));
    assertTrue(e.getMessage().startsWith("f.txt:") && e.getMessage().contains("US-ASCII"), e.getMessage());
    InvalidInputException utf8 = assertThrows(InvalidInputException.class,
        () -> decoder.decode(bytes('a', 0xFF, 'b'), "g.txt", StandardCharsets.UTF_8));
    assertTrue(utf8.getMessage().startsWith("g.txt:") && utf8.getMessage().contains("UTF-8"), utf8.getMessage());
  }

  @Test
  void forcedUtf8DropsTheByteOrderMark() {
    Decoded d = decoder.decode(concat(bytes(0xEF, 0xBB, 0xBF), "Hello".getBytes(StandardCharsets.UTF_8)), "bom.txt",
        StandardCharsets.UTF_8);
    assertEquals("Hello", d.text());
  }

  @Test
  void emptyInputDecodesToEmptyText() {
    Decoded d = decoder.decode(new byte[0], "empty.txt");
    assertEquals("", d.text());
    assertEquals("UTF-8", d.charset());
  }
}

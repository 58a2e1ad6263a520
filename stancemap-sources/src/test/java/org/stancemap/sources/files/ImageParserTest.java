package org.stancemap.sources.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;

class ImageParserTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /** A white image with each block of lines drawn in black, blocks far apart. */
  static BufferedImage draw(List<List<String>> blocks) {
    BufferedImage img = new BufferedImage(1400, 300 + 260 * blocks.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
    int y = 120;
    for (List<String> block : blocks) {
      for (String line : block) {
        g.drawString(line, 80, y);
        y += 64;
      }
      y += 200;
    }
    g.dispose();
    return img;
  }

  private Events parse(Path f) {
    List<SourceEvent> all = new ArrayList<>();
    new ImageParser().parse(f, Fixtures.context(false, Map.of()), all::add);
    return new Events(all);
  }

  private static void assumeOcr() {
    String why = ImageParser.unavailable();
    if (why != null && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("Tesseract is not installed (" + why + "); under CI the OCR tests must run: "
          + ".ci/run installs tesseract-ocr and tesseract-ocr-eng");
    }
    Assumptions.assumeTrue(why == null, "OCR test skipped: Tesseract is not installed here (" + why
        + "); apt-get install tesseract-ocr tesseract-ocr-eng");
  }

  @Test
  void eachTextRegionBecomesAParagraph() throws IOException {
    assumeOcr();
    Path f = dir.resolve("memes/poster.png");
    Files.createDirectories(f.getParent());
    ImageIO.write(draw(List.of(List.of("STOP THE WAR"), List.of("SOLIDARITY WITH", "UKRAINIAN WORKERS"))), "png",
        f.toFile());
    Events e = parse(f);
    assertEquals(List.of(), e.failures());
    SourceItem item = e.item(f.toString());
    String text = item.document().text();
    String[] paragraphs = text.split("\n\n");
    assertEquals(2, paragraphs.length, text);
    assertEquals("STOP THE WAR", paragraphs[0].strip());
    assertEquals("SOLIDARITY WITH\nUKRAINIAN WORKERS", paragraphs[1].strip());
    assertEquals(f.toAbsolutePath().toString(), item.meta().mediaRef());
    assertEquals("memes", item.sourceName());
    assertEquals("2", item.meta().extra().get("ocr-regions"));
    assertTrue(Double.parseDouble(item.meta().extra().get("ocr-confidence")) > 50, item.meta().extra().toString());
  }

  @Test
  void jpegsAreReadToo() throws IOException {
    assumeOcr();
    Path f = dir.resolve("meme.jpg");
    BufferedImage img = draw(List.of(List.of("NEITHER WASHINGTON", "NOR MOSCOW")));
    ImageIO.write(img, "jpg", f.toFile());
    String text = parse(f).item(f.toString()).document().text().toUpperCase(Locale.ROOT);
    assertTrue(text.contains("NEITHER WASHINGTON") && text.contains("NOR MOSCOW"), text);
  }

  @Test
  void anImageWithoutTextIsAFailure() throws IOException {
    assumeOcr();
    Path f = dir.resolve("blank.png");
    ImageIO.write(draw(List.of()), "png", f.toFile());
    Events e = parse(f);
    assertEquals(0, e.items().size());
    assertTrue(e.failures().get(0).reason().contains("no text found by OCR"), e.failures().toString());
  }

  @Test
  void brokenImagesAreFailures() throws IOException {
    Path f = dir.resolve("broken.png");
    Files.writeString(f, "not an image");
    assertTrue(parse(f).failures().get(0).reason().contains("not a readable image"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(draw(List.of(List.of("CUT"))), "png", out);
    Path cut = dir.resolve("cut.png");
    Files.write(cut, Arrays.copyOf(out.toByteArray(), 200));
    assertTrue(parse(cut).failures().get(0).reason().startsWith(cut + ": not a readable image"),
        parse(cut).failures().toString());
  }

  @Test
  void decompressionBombsAreRefusedBeforeDecoding() throws IOException {
    // A PNG header that claims 100000 x 100000 pixels, then IEND: refused from the header alone.
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(png, "IHDR", ihdr.array());
    chunk(png, "IEND", new byte[0]);
    Path f = dir.resolve("bomb.png");
    Files.write(f, png.toByteArray());
    String why = parse(f).failures().get(0).reason();
    assertTrue(why.contains("refused: the image is 100000x100000 pixels"), why);
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}

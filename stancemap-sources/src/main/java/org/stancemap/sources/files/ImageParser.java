package org.stancemap.sources.files;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.Tesseract;
import net.sourceforge.tess4j.Word;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Items;

/**
 * Images of memes and screenshots (PNG, JPEG), read by OCR with Tesseract through tess4j (Debian's
 * {@code tesseract-ocr} and {@code tesseract-ocr-eng}). Each text region Tesseract finds (paragraph level) becomes a
 * paragraph of the item's text, with blank lines between them; the image is kept by reference in
 * {@link DocumentMeta#mediaRef()} (its absolute path), and the mean region confidence (weighted by text length) in
 * {@code extra.ocr-confidence}.
 *
 * <p>Options: {@code ocr-language} (Tesseract language codes, default {@code eng}; {@code eng+deu} for several),
 * {@code tessdata} (the folder holding {@code *.traineddata}; default {@code $TESSDATA_PREFIX}, else the Debian
 * location). Images over {@value #MAX_PIXELS} pixels are refused before decoding (a decompression bomb). An image
 * without recognisable text, or a broken image, is a failure naming the file; so is a missing Tesseract. A
 * Tesseract engine is created per image, so the parser is thread-safe.
 */
public final class ImageParser implements FileParser {
  static final long MAX_PIXELS = 40_000_000L;
  private static final List<String> TESSDATA_DIRS = List.of("/usr/share/tesseract-ocr/5/tessdata",
      "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
      "/opt/homebrew/share/tessdata");

  @Override
  public Set<String> extensions() {
    return Set.of("png", "jpg", "jpeg");
  }

  @Override
  public void parse(Path file, ImportContext context, Consumer<SourceEvent> sink) {
    String location = file.toString();
    try {
      BufferedImage image = load(FileSupport.read(file, context.maxBytes()), location);
      String lang = context.option("ocr-language", "eng");
      Path data = tessdata(context.options().get("tessdata"), lang);
      Ocr ocr = ocr(image, data, lang, location);
      Document d = Items.text(context, location, ocr.text(), "txt");
      Map<String, String> extra = new TreeMap<>();
      extra.put("format", "image");
      extra.put("ocr-confidence", String.format(Locale.ROOT, "%.1f", ocr.confidence()));
      extra.put("ocr-language", lang);
      extra.put("ocr-regions", Integer.toString(ocr.regions()));
      extra.put("image-size", image.getWidth() + "x" + image.getHeight());
      d = Items.withNote(d, "text read by OCR (Tesseract, " + lang + ", mean confidence "
          + String.format(Locale.ROOT, "%.0f", ocr.confidence()) + "%) from the image " + file.getFileName());
      sink.accept(new SourceEvent.Item(new SourceItem(location, Paths.sourceName(file), d, DocumentMeta.fromSource(null,
          null, null, null, null, null, file.toAbsolutePath().normalize().toString(), extra))));
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
    }
  }

  /** What OCR read: the text (regions separated by blank lines), how many regions, and the mean confidence. */
  record Ocr(String text, int regions, double confidence) {}

  static Ocr ocr(BufferedImage image, Path tessdata, String lang, String location) {
    String missing = nativeLibraryProblem();
    if (missing != null) {
      throw new InvalidInputException(location + ": OCR is not available: " + missing
          + "; install Debian's tesseract-ocr and tesseract-ocr-eng");
    }
    List<Word> paragraphs;
    try {
      Tesseract t = new Tesseract();
      t.setDatapath(tessdata.toString());
      t.setLanguage(lang);
      t.setPageSegMode(ITessAPI.TessPageSegMode.PSM_AUTO);
      if (Files.exists(Path.of("/dev/null"))) {
        t.setVariable("debug_file", "/dev/null"); // Tesseract's own progress lines would clutter the terminal
      }
      paragraphs = t.getWords(image, ITessAPI.TessPageIteratorLevel.RIL_PARA);
    } catch (LinkageError e) {
      throw new InvalidInputException(location + ": OCR is not available: the Tesseract library could not be loaded ("
          + e.getMessage() + "); install Debian's tesseract-ocr and tesseract-ocr-eng", e);
    } catch (RuntimeException e) {
      throw new InvalidInputException(location + ": OCR failed: " + e, e);
    }
    List<String> regions = new ArrayList<>();
    double weighted = 0;
    long letters = 0;
    for (Word p : paragraphs) {
      String s = p.getText() == null ? "" : p.getText().strip();
      if (!s.isEmpty() && s.codePoints().anyMatch(Character::isLetterOrDigit)) {
        regions.add(s.replaceAll("[ \\t]*\n[ \\t]*", "\n"));
        weighted += p.getConfidence() * s.length();
        letters += s.length();
      }
    }
    double conf = letters == 0 ? 0 : weighted / letters;
    if (regions.isEmpty()) {
      throw new InvalidInputException(location + ": no text found by OCR in the image");
    }
    return new Ocr(String.join("\n\n", regions), regions.size(), conf);
  }

  /** Decodes a PNG or JPEG after checking its dimensions. */
  static BufferedImage load(byte[] bytes, String location) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new InvalidInputException(location + ": not a readable image (no PNG or JPEG decoder recognises it)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new InvalidInputException(location + ": refused: the image is " + reader.getWidth(0) + "x"
              + reader.getHeight(0) + " pixels, over the limit of " + MAX_PIXELS / 1_000_000 + " megapixels");
        }
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw new InvalidInputException(location + ": not a readable image");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException iie) {
        throw iie;
      }
      throw new InvalidInputException(location + ": not a readable image (corrupt or truncated): " + e.getMessage(),
          e);
    }
  }

  /**
   * The folder with Tesseract's language data for {@code lang}.
   *
   * @throws InvalidInputException if none is found
   */
  static Path tessdata(String option, String lang) {
    List<String> candidates = new ArrayList<>();
    if (option != null && !option.isBlank()) {
      candidates.add(option);
    } else {
      String env = System.getenv("TESSDATA_PREFIX");
      if (env != null && !env.isBlank()) {
        candidates.add(env);
        candidates.add(Path.of(env).resolve("tessdata").toString());
      }
      candidates.addAll(TESSDATA_DIRS);
    }
    String first = lang.split("\\+")[0];
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isRegularFile(p.resolve(first + ".traineddata"))) {
        return p;
      }
    }
    throw new InvalidInputException("OCR is not available: no Tesseract language data '" + first
        + ".traineddata' in " + String.join(", ", candidates) + "; install Debian's tesseract-ocr and "
        + "tesseract-ocr-" + first + ", or name the folder with the option tessdata");
  }

  /** Null when OCR can run here, else why not (for tests and diagnostics). */
  public static String unavailable() {
    try {
      tessdata(null, "eng");
    } catch (InvalidInputException e) {
      return e.getMessage();
    }
    return nativeLibraryProblem();
  }

  private static volatile String nativeProblem;
  private static volatile boolean nativeChecked;

  /** Why libtesseract cannot be loaded, or null; checked once per JVM. */
  static String nativeLibraryProblem() {
    if (!nativeChecked) {
      try {
        com.sun.jna.NativeLibrary.getInstance("tesseract");
        nativeProblem = null;
      } catch (LinkageError e) {
        nativeProblem = "the Tesseract library (libtesseract) could not be loaded: " + e.getMessage();
      }
      nativeChecked = true;
    }
    return nativeProblem;
  }
}

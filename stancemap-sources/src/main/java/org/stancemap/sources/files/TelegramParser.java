package org.stancemap.sources.files;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.stancemap.InvalidInputException;
import org.stancemap.JsonException;
import org.stancemap.document.Dates;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.TextDecoder;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.sources.Items;

/**
 * Telegram Desktop's JSON export ({@code result.json}) of a channel, a group, or a channel's discussion group with
 * its comments; also the account-wide export (all chats under {@code chats.list}).
 *
 * <p>Every message of type {@code message} with text (a string, or an array of strings and entity objects with a
 * {@code text}) becomes an item: location {@code FILE#message=ID} ({@code FILE#chat=CHAT&message=ID} in an
 * account-wide export), externalId the message id ({@code CHAT:ID} there), parentId its
 * {@code reply_to_message_id}, author {@code from} (else the chat's name), published {@code date_unixtime} (else
 * {@code date}, read as UTC and noted, since older exports write local time), mediaRef the photo or file next to the
 * export when the text is its caption. The source name is the chat's name. Service messages and messages without
 * text (stickers, bare photos: an empty {@code text}) carry nothing to analyse and are passed over. A message whose
 * text cannot be read (no {@code text}, or a part of another shape) is a failure at its location naming the part,
 * never dropped. A {@code .json} file that is not such an export is one failure saying so. Stateless.
 */
public final class TelegramParser implements FileParser {
  @Override
  public Set<String> extensions() {
    return Set.of("json");
  }

  @Override
  public void parse(Path file, ImportContext context, Consumer<SourceEvent> sink) {
    String location = file.toString();
    Json root;
    try {
      String text = new TextDecoder().decode(FileSupport.read(file, context.maxBytes()), location).text();
      root = JsonParser.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
      return;
    } catch (JsonException e) {
      sink.accept(new SourceEvent.Failure(location, location + ": not valid JSON: " + e.getMessage()));
      return;
    }
    if (root instanceof Json.Obj o && o.get("messages") instanceof Json.Arr) {
      chat(file, o, false, context, sink);
      return;
    }
    if (root instanceof Json.Obj o && o.get("chats") instanceof Json.Obj chats
        && chats.get("list") instanceof Json.Arr list) {
      List<Json> all = new ArrayList<>(list.items());
      if (o.get("left_chats") instanceof Json.Obj left && left.get("list") instanceof Json.Arr ll) {
        all.addAll(ll.items());
      }
      for (Json c : all) {
        if (c instanceof Json.Obj chat && chat.get("messages") instanceof Json.Arr) {
          chat(file, chat, true, context, sink);
        }
      }
      return;
    }
    sink.accept(new SourceEvent.Failure(location, location + ": not a Telegram Desktop export: expected a JSON object"
        + " with a 'messages' array (one chat, as in result.json) or 'chats.list' (a full export); found "
        + (root instanceof Json.Obj o ? "an object with keys " + String.join(", ", o.fields().keySet())
            : root.typeName())
        + ". CSV or JSON Lines posts belong in a .csv or .jsonl file"));
  }

  private static void chat(Path file, Json.Obj chat, boolean multi, ImportContext context,
      Consumer<SourceEvent> sink) {
    String chatName = chat.get("name") instanceof Json.Str s ? s.value() : null;
    String chatId = scalar(chat.get("id"));
    String chatType = chat.get("type") instanceof Json.Str s ? s.value() : null;
    String sourceName = Items.first(chatName, chatId, Paths.sourceName(file));
    String prefix = multi ? file + "#chat=" + chatId + "&" : file + "#";
    List<Json> messages = chat.get("messages").asList("messages");
    for (int i = 0; i < messages.size(); i++) {
      Json m = messages.get(i);
      String where = file + ": messages[" + i + "]";
      if (!(m instanceof Json.Obj msg)) {
        sink.accept(new SourceEvent.Failure(prefix + "index=" + i, where + ": expected an object, found "
            + m.typeName()));
        continue;
      }
      String id = scalar(msg.get("id"));
      if (id == null) {
        sink.accept(new SourceEvent.Failure(prefix + "index=" + i, where + ": the message has no id; skipped"));
        continue;
      }
      String type = msg.get("type") instanceof Json.Str s ? s.value() : "message";
      if (!type.equals("message")) {
        continue;
      }
      String location = prefix + "message=" + id;
      String text;
      try {
        text = FileSupport.tidy(text(msg, "text"));
      } catch (InvalidInputException e) {
        // Telegram's rich text has shapes this reader may not know: say which message and what, never drop it.
        sink.accept(new SourceEvent.Failure(location, where + " (message " + id + "): " + e.getMessage()));
        continue;
      }
      if (text.isBlank()) {
        continue;
      }
      if (context.alreadyImported().test(location)) {
        continue;
      }
      try {
        Document d = Items.text(context, location, text, "txt");
        Instant published = null;
        String unix = scalar(msg.get("date_unixtime"));
        if (unix != null) {
          published = Dates.parse(unix);
        }
        if (published == null) {
          String date = scalar(msg.get("date"));
          published = Dates.parse(date);
          if (published != null && date != null && !date.matches(".*(Z|[+-]\\d\\d:?\\d\\d)$")) {
            d = Items.withNote(d, "the message date " + date + " has no time zone (older export); read as UTC");
          }
        }
        String parent = scalar(msg.get("reply_to_message_id"));
        String externalId = multi ? chatId + ":" + id : id;
        if (multi && parent != null) {
          parent = chatId + ":" + parent;
        }
        String media = Items.first(scalar(msg.get("photo")), scalar(msg.get("file")));
        String mediaRef = null;
        if (media != null && !media.startsWith("(")) { // "(File not included...)" when media was not exported
          Path parentDir = file.toAbsolutePath().getParent();
          mediaRef = parentDir == null ? media : parentDir.resolve(media).normalize().toString();
        }
        Map<String, String> extra = new TreeMap<>();
        put(extra, "chat-id", chatId);
        put(extra, "chat-type", chatType);
        put(extra, "from-id", scalar(msg.get("from_id")));
        put(extra, "forwarded-from", scalar(msg.get("forwarded_from")));
        put(extra, "edited", scalar(msg.get("edited_unixtime")) != null ? scalar(msg.get("edited_unixtime"))
            : scalar(msg.get("edited")));
        put(extra, "views", scalar(msg.get("views")));
        put(extra, "reply-to-peer-id", scalar(msg.get("reply_to_peer_id")));
        String author = Items.first(scalar(msg.get("from")), scalar(msg.get("author")), chatName);
        String url = null;
        if (chatType != null && chatType.toLowerCase(Locale.ROOT).startsWith("public") && chat.get("username")
            instanceof Json.Str u) {
          url = "https://t.me/" + u.value() + "/" + id;
        }
        sink.accept(new SourceEvent.Item(new SourceItem(location, sourceName, d,
            DocumentMeta.fromSource(url, null, author, published, externalId, parent, mediaRef, extra))));
      } catch (InvalidInputException e) {
        sink.accept(new SourceEvent.Failure(location, e.getMessage()));
      }
    }
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }

  /**
   * The plain text of a message's {@code text}: a string; an array of strings and entity objects (bold, links,
   * mentions, ...: {@code {"type": ..., "text": ...}}), concatenated; or one such entity object. An entity's own
   * {@code text} may again be any of these.
   *
   * @throws InvalidInputException if the message has no {@code text} or a part of it is none of these (the
   *     message names the part, e.g. {@code text[2]: an entity of type 'custom_emoji' without 'text'})
   */
  static String text(Json.Obj message, String field) {
    if (!message.has(field)) {
      throw new InvalidInputException("the message has no '" + field + "'");
    }
    StringBuilder b = new StringBuilder();
    appendText(message.get(field), field, b);
    return b.toString();
  }

  private static void appendText(Json t, String path, StringBuilder b) {
    switch (t) {
      case Json.Str s -> b.append(s.value());
      case Json.Arr a -> {
        for (int i = 0; i < a.items().size(); i++) {
          appendText(a.items().get(i), path + "[" + i + "]", b);
        }
      }
      case Json.Obj o -> {
        if (!o.has("text")) {
          String type = o.get("type") instanceof Json.Str s ? "of type '" + s.value() + "' " : "";
          throw new InvalidInputException(path + ": an entity " + type + "without 'text'; expected"
              + " {\"type\": ..., \"text\": ...}");
        }
        appendText(o.get("text"), path + ".text", b);
      }
      default -> throw new InvalidInputException(path + ": expected a string, an array of strings and entities,"
          + " or an entity {\"type\": ..., \"text\": ...}; found " + t.typeName());
    }
  }

  private static String scalar(Json j) {
    return switch (j) {
      case Json.Str s -> s.value();
      case Json.Int i -> Long.toString(i.value());
      case Json.Num n -> Long.toString((long) n.value());
      default -> null;
    };
  }
}

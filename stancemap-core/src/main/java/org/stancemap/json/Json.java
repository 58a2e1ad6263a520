package org.stancemap.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stancemap.JsonException;

/**
 * An immutable JSON value. Objects keep insertion order, so writers decide the key order and output is
 * deterministic; numbers are kept as doubles or longs.
 */
public sealed interface Json {

  record Str(String value) implements Json {
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  record Num(double value) implements Json {}

  record Int(long value) implements Json {}

  record Bool(boolean value) implements Json {}

  record Null() implements Json {}

  record Arr(List<Json> items) implements Json {
    public Arr {
      items = Collections.unmodifiableList(new ArrayList<>(items));
    }
  }

  record Obj(Map<String, Json> fields) implements Json {
    public Obj {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field's value, or {@link Null} when absent. */
    public Json get(String key) {
      Json v = fields.get(key);
      return v == null ? NULL : v;
    }

    public boolean has(String key) {
      return fields.containsKey(key);
    }
  }

  Null NULL = new Null();

  static Json of(String s) {
    return s == null ? NULL : new Str(s);
  }

  static Json of(double d) {
    return new Num(d);
  }

  static Json of(long l) {
    return new Int(l);
  }

  static Json of(boolean b) {
    return new Bool(b);
  }

  static ObjBuilder obj() {
    return new ObjBuilder();
  }

  static Arr arr(List<? extends Json> items) {
    return new Arr(new ArrayList<>(items));
  }

  /** The string value, or the given error when this is not a string. */
  default String asString(String path) {
    if (this instanceof Str s) {
      return s.value();
    }
    throw new JsonException(path + ": expected a string, found " + typeName());
  }

  default double asDouble(String path) {
    return switch (this) {
      case Num n -> n.value();
      case Int i -> i.value();
      default -> throw new JsonException(path + ": expected a number, found " + typeName());
    };
  }

  default long asLong(String path) {
    return switch (this) {
      case Int i -> i.value();
      case Num n when n.value() == Math.rint(n.value()) -> (long) n.value();
      default -> throw new JsonException(path + ": expected an integer, found " + typeName());
    };
  }

  default Obj asObj(String path) {
    if (this instanceof Obj o) {
      return o;
    }
    throw new JsonException(path + ": expected an object, found " + typeName());
  }

  default List<Json> asList(String path) {
    if (this instanceof Arr a) {
      return a.items();
    }
    throw new JsonException(path + ": expected an array, found " + typeName());
  }

  default String typeName() {
    return switch (this) {
      case Str s -> "a string";
      case Num n -> "a number";
      case Int i -> "a number";
      case Bool b -> "a boolean";
      case Null n -> "null";
      case Arr a -> "an array";
      case Obj o -> "an object";
    };
  }

  /** Builds an {@link Obj} in insertion order; null values are written as JSON null. */
  final class ObjBuilder {
    private final LinkedHashMap<String, Json> fields = new LinkedHashMap<>();

    public ObjBuilder put(String key, Json value) {
      fields.put(key, value == null ? NULL : value);
      return this;
    }

    public ObjBuilder put(String key, String value) {
      return put(key, Json.of(value));
    }

    public ObjBuilder put(String key, double value) {
      return put(key, Json.of(value));
    }

    public ObjBuilder put(String key, long value) {
      return put(key, Json.of(value));
    }

    public ObjBuilder put(String key, boolean value) {
      return put(key, Json.of(value));
    }

    public Obj build() {
      return new Obj(fields);
    }
  }
}

package org.stancemap.ask.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.stancemap.InvalidInputException;

/**
 * Where and how to reach a language model.
 *
 * @param url the endpoint's base URL: for {@code openai} the API root ({@code http://host:port/v1}), for
 *     {@code ollama} the server ({@code http://host:11434})
 * @param apiKey the key (from {@code STANCEMAP_LLM_KEY}), or null
 * @param timeout the whole call's limit
 * @param maxTokens the most tokens the model may write
 */
public record LlmConfig(Api api, String url, String model, String apiKey, Duration timeout, int maxTokens) {
  /** The default time limit of one call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** The environment variable the CLI reads the key from. */
  public static final String KEY_ENV = "STANCEMAP_LLM_KEY";

  /** The protocols spoken. */
  public enum Api {
    OPENAI,
    OLLAMA;

    public static Api parse(String s) {
      return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
        case "openai" -> OPENAI;
        case "ollama" -> OLLAMA;
        default -> throw new InvalidInputException("--llm-api: expected openai or ollama, found '" + s + "'");
      };
    }
  }

  /** @throws InvalidInputException naming the option to fix */
  public LlmConfig {
    if (api == null) {
      throw new InvalidInputException("--llm-api: expected openai or ollama");
    }
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("--llm-url: give the endpoint's base URL, e.g. http://127.0.0.1:11434");
    }
    URI u;
    try {
      u = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--llm-url: not a URL: '" + url + "'");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
        || u.getHost() == null) {
      throw new InvalidInputException("--llm-url: expected an http:// or https:// URL with a host, found '" + url
          + "'");
    }
    url = url.strip().replaceAll("/+$", "");
    if (model == null || model.isBlank()) {
      throw new InvalidInputException("--llm-model: give the model's name, e.g. llama3.1:8b");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidInputException("--llm-timeout must be positive: " + timeout);
    }
    if (maxTokens < 16) {
      throw new InvalidInputException("the model must be allowed at least 16 output tokens: " + maxTokens);
    }
    if (apiKey != null && apiKey.isBlank()) {
      apiKey = null;
    }
  }

  @Override
  public String toString() {
    // Never print the key.
    return "LlmConfig[" + api + " " + url + " " + model + ", timeout " + timeout + "]";
  }
}

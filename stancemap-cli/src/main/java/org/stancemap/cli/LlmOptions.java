package org.stancemap.cli;

import java.time.Duration;
import org.stancemap.InvalidInputException;
import org.stancemap.ask.llm.LangChainChat;
import org.stancemap.ask.llm.LlmChat;
import org.stancemap.ask.llm.LlmConfig;
import picocli.CommandLine.Option;

/**
 * Options of the optional language model ({@code ask}, {@code explain}, {@code analyze}); the key comes from the
 * environment.
 */
final class LlmOptions {
  @Option(names = "--llm-url", paramLabel = "URL",
      description = "Base URL of an OpenAI-compatible (e.g. http://127.0.0.1:8080/v1) or Ollama "
          + "(http://127.0.0.1:11434) endpoint. The model writes the answer from the retrieved evidence only; every "
          + "quote and citation is verified. The key is read from $" + LlmConfig.KEY_ENV + ".")
  String url;

  @Option(names = "--llm-model", paramLabel = "NAME", description = "Model name at that endpoint.")
  String model;

  @Option(names = "--llm-api", paramLabel = "API", defaultValue = "openai",
      description = "Protocol: openai or ollama. Default: ${DEFAULT-VALUE}.")
  String api;

  @Option(names = "--llm-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Give up on the model after this many seconds and show the offline answer. "
          + "Default: ${DEFAULT-VALUE}.")
  double timeoutSeconds;

  /** The configured model, or null when no --llm-url is given. */
  LlmChat chat() {
    if (url == null) {
      if (model != null) {
        throw new InvalidInputException("--llm-model needs --llm-url (the endpoint to send it to)");
      }
      return null;
    }
    if (!(timeoutSeconds > 0)) {
      throw new InvalidInputException("--llm-timeout must be positive: " + timeoutSeconds);
    }
    LlmConfig config = new LlmConfig(LlmConfig.Api.parse(api), url, model, System.getenv(LlmConfig.KEY_ENV),
        Duration.ofMillis(Math.round(timeoutSeconds * 1000)), 1024);
    return new LangChainChat(config);
  }
}

package org.stancemap.ask.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import org.stancemap.LlmCallException;

/**
 * {@link LlmChat} over LangChain4j's {@code OpenAiChatModel} (any OpenAI-compatible chat-completions endpoint) or
 * {@code OllamaChatModel} ({@code /api/chat}): temperature 0, a fixed seed, no retries (a failure falls back to the
 * offline answer at once), the configured timeout. Thread-safe.
 */
public final class LangChainChat implements LlmChat {
  private final LlmConfig config;
  private final ChatModel model;

  public LangChainChat(LlmConfig config) {
    this.config = config;
    this.model = switch (config.api()) {
      case OPENAI -> OpenAiChatModel.builder().baseUrl(config.url()).apiKey(config.apiKey() == null ? "none"
          : config.apiKey()).modelName(config.model()).temperature(0.0).seed(7).maxTokens(config.maxTokens())
          .timeout(config.timeout()).maxRetries(0).build();
      case OLLAMA -> OllamaChatModel.builder().baseUrl(config.url()).modelName(config.model()).temperature(0.0)
          .seed(7).numPredict(config.maxTokens()).timeout(config.timeout()).maxRetries(0).build();
    };
  }

  @Override
  public String model() {
    return config.model();
  }

  @Override
  public Reply chat(String system, String user) {
    ChatResponse r;
    try {
      r = model.chat(ChatRequest.builder().messages(SystemMessage.from(system), UserMessage.from(user)).build());
    } catch (RuntimeException e) {
      throw new LlmCallException(describe(e), e);
    }
    if (r == null || r.aiMessage() == null) {
      throw new LlmCallException(where() + " returned no message", null);
    }
    return new Reply(r.aiMessage().text(), r.finishReason() == FinishReason.LENGTH);
  }

  private String where() {
    return "the language model " + config.model() + " at " + config.url();
  }

  private String describe(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof TimeoutException
          || t instanceof dev.langchain4j.exception.TimeoutException
          || t instanceof SocketTimeoutException) {
        return where() + " did not answer within " + config.timeout().toMillis() + " ms (raise --llm-timeout)";
      }
      if (t instanceof HttpException h) {
        String body = h.getMessage() == null ? "" : h.getMessage().replaceAll("\\s+", " ");
        return where() + " answered HTTP " + h.statusCode() + (body.isBlank() ? "" : ": "
            + body.substring(0, Math.min(200, body.length())))
            + (h.statusCode() == 401 || h.statusCode() == 403 ? " (check " + LlmConfig.KEY_ENV + ")" : "");
      }
      if (t instanceof ConnectException) {
        return "cannot connect to " + config.url() + " (is the server running?)";
      }
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
    return where() + " failed: " + msg.substring(0, Math.min(240, msg.length()));
  }
}

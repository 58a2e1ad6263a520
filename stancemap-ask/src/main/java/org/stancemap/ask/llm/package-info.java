/**
 * The optional language-model path: {@link org.stancemap.ask.llm.LlmChat} (one call, implemented over LangChain4j
 * for OpenAI-compatible and Ollama endpoints), prompts that hold only the numbered evidence and mark document text
 * as untrusted data, and verification of every quote and citation marker the model writes ({@link
 * org.stancemap.ask.llm.AnswerVerifier}) and of every label it assigns ({@link org.stancemap.ask.llm.LlmLabeler}).
 */
package org.stancemap.ask.llm;

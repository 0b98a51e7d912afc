package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token-limit parameter rules on real entries: the parameter the provider's API takes. */
class TokenLimitParameterRulesTest {

    @Test
    void givenOpenAiReasoningModelsWhenDerivedThenMaxCompletionTokens() {
        Map<String, ModelSpec> then = Given.entries("openai/gpt-5.2", "openai/o1", "openai/o1-2024-12-17", "azure/eu/o3-mini-2025-01-31",
                "openai/o3-mini").whenDerived();

        assertThat(then.get("openai/gpt-5.2").getTokenLimitParameter()).isEqualTo("max_completion_tokens");
        assertThat(then.get("openai/gpt-5.2").getProvenance()).containsEntry("tokenLimitParameter", "derived:token-openai-reasoning");
        assertThat(then.get("openai/o1-2024-12-17").getTokenLimitParameter()).isEqualTo("max_completion_tokens");
        assertThat(then.get("openai/o1-2024-12-17").getProvenance()).containsEntry("tokenLimitParameter", "derived:inherit-from-base");
        assertThat(then.get("azure/eu/o3-mini-2025-01-31").getTokenLimitParameter()).isEqualTo("max_completion_tokens");
    }

    @Test
    void givenResponsesOnlyModelsWhenDerivedThenMaxOutputTokens() {
        Map<String, ModelSpec> then = Given.entries("openai/gpt-5.2-pro", "openai/gpt-5.5-pro", "openai/codex-mini-latest").whenDerived();

        for (String id : new String[] {"openai/gpt-5.2-pro", "openai/gpt-5.5-pro"}) {
            assertThat(then.get(id).getEndpoints()).as(id).doesNotContain("chat").contains("responses");
            assertThat(then.get(id).getTokenLimitParameter()).as(id).isEqualTo("max_output_tokens");
            assertThat(then.get(id).getProvenance()).as(id).containsEntry("tokenLimitParameter", "derived:token-responses-only");
        }
        assertThat(then.get("openai/codex-mini-latest").getTokenLimitParameter()).isEqualTo("max_output_tokens");
        assertThat(then.get("openai/codex-mini-latest").getProvenance()).containsEntry("tokenLimitParameter", "presets");
    }

    @Test
    void givenClaudeAnywhereWhenDerivedThenMaxTokensOfTheMessagesApi() {
        Map<String, ModelSpec> then = Given.entries("anthropic/claude-3-haiku-20240307", "anthropic/claude-sonnet-4-5",
                "bedrock_converse/anthropic.claude-opus-4-7").whenDerived();

        assertThat(then.values()).allSatisfy(s -> {
            assertThat(s.getModelType()).as(s.getId()).isIn("chat", "reasoning");
            assertThat(s.getTokenLimitParameter()).as(s.getId()).isEqualTo("max_tokens");
            assertThat(s.getProvenance().get("tokenLimitParameter")).as(s.getId()).isEqualTo("derived:token-anthropic");
        });
    }

    @Test
    void givenGeminiOnGooglesOwnApiWhenDerivedThenMaxOutputTokens() {
        Map<String, ModelSpec> then = Given.entries("gemini/gemini-2.5-pro", "gemini/gemini-embedding-001").whenDerived();

        assertThat(then.get("gemini/gemini-2.5-pro").getTokenLimitParameter()).isEqualTo("max_output_tokens");
        assertThat(then.get("gemini/gemini-embedding-001").getTokenLimitParameter()).as("an embedding model takes none").isNull();
    }

    @Test
    void givenOpenRouterStatesItsParameterWhenDerivedThenTheStatementWins() {
        Map<String, ModelSpec> then = Given.entries("openrouter/openai/o3", "openrouter/openai/gpt-5.2", "openai/o3").whenDerived();

        assertThat(then.get("openrouter/openai/o3").getTokenLimitParameter()).isEqualTo("max_tokens");
        assertThat(then.get("openrouter/openai/o3").getProvenance()).containsEntry("tokenLimitParameter", "openrouter");
        assertThat(then.get("openrouter/openai/gpt-5.2").getTokenLimitParameter()).isEqualTo("max_completion_tokens");
    }

    @Test
    void givenOtherChatModelsWhenDerivedThenMaxTokens() {
        Map<String, ModelSpec> then = Given.entries("deepseek/deepseek-chat", "openai/gpt-3.5-turbo").whenDerived();

        assertThat(then.get("deepseek/deepseek-chat").getTokenLimitParameter()).isEqualTo("max_tokens");
        assertThat(then.get("deepseek/deepseek-chat").getProvenance()).containsEntry("tokenLimitParameter", "derived:token-chat");
        assertThat(then.get("openai/gpt-3.5-turbo").getTokenLimitParameter()).isEqualTo("max_tokens");
    }
}

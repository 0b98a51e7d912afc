package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Endpoint rules, the non-generative rule and the streaming rule on real entries. */
class EndpointAndCapabilityRulesTest {

    @Test
    void givenAnEmbeddingModelWhenDerivedThenItServesEmbeddingsOnlyWithoutToolsOrStreaming() {
        ModelSpec e = Given.entries("openai/text-embedding-3-large").whenDerived().get("openai/text-embedding-3-large");

        assertThat(e.getEndpoints()).containsExactly("embeddings");
        assertThat(e.getProvenance()).containsEntry("endpoints", "derived:endpoints-from-api-kind");
        assertThat(e.getCapabilities()).containsEntry("tools", false).containsEntry("streaming", false);
        assertThat(e.getTokenLimitParameter()).isNull();
    }

    @Test
    void givenASourceListsEndpointsWhenDerivedThenTheyAreKept() {
        ModelSpec o3 = Given.entries("openai/gpt-5.2").whenDerived().get("openai/gpt-5.2");

        assertThat(o3.getEndpoints()).contains("chat", "responses");
        assertThat(o3.getProvenance().get("endpoints")).isEqualTo("litellm");
    }

    @Test
    void givenLiteLlmsNativeStreamingFlagWhenAdaptedThenStreamingIsKnown() {
        Given given = Given.entries("openai/gpt-5.2");

        assertThat(given.of(SourceName.LITELLM).get(0).getCapabilities()).containsEntry("streaming", true);
        assertThat(given.whenDerived().get("openai/gpt-5.2").getProvenance()).containsEntry("capabilities.streaming", "litellm");
    }

    @Test
    void givenAnthropicModelsNoSourceSaysStreamWhenDerivedThenTheMessagesApiStreamsThem() {
        Map<String, ModelSpec> then = Given.entries("anthropic/claude-3-haiku-20240307", "anthropic/claude-sonnet-4-5").whenDerived();

        assertThat(then.values()).allSatisfy(s -> {
            assertThat(s.getCapabilities()).as(s.getId()).containsEntry("streaming", true);
            assertThat(s.getProvenance()).as(s.getId()).containsEntry("capabilities.streaming", "derived:streaming-provider-api");
        });
    }

    @Test
    void givenNoSourceSaysAnythingOfACapabilityWhenDerivedThenItStaysUnknownNotFalse() {
        ModelSpec deepseek = Given.entries("deepseek/deepseek-chat").whenDerived().get("deepseek/deepseek-chat");

        assertThat(deepseek.getCapabilities()).doesNotContainKey("computer_use");
        assertThat(deepseek.getCapabilities().values()).isNotEmpty();
    }
}

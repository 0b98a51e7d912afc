package dev.modelregistry.schemas.params;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParameterAdviceTest {

    @Test
    void namePatternsForUnknownIds() {
        assertThat(ParameterAdvice.advise("o1-preview-next", null, 0.7).temperatureAllowed()).isFalse();
        assertThat(ParameterAdvice.advise("o4", null, 1.0).temperatureAllowed()).isTrue();
        assertThat(ParameterAdvice.advise("openai/o3", null, null).tokenLimitParameter()).isEqualTo("max_completion_tokens");
        assertThat(ParameterAdvice.advise("openai/gpt-4-super", null, 0.2).tokenLimitParameter()).isEqualTo("max_tokens");
        assertThat(ParameterAdvice.advise("openai/gpt-4-super", null, 0.2).temperatureAllowed()).isTrue();
        assertThat(ParameterAdvice.advise("acme/ultra-vision", null, null).capabilities()).containsEntry("vision", true);
        assertThat(ParameterAdvice.advise("acme/text-instruct", null, null).endpoints()).containsExactly("completions");
        assertThat(ParameterAdvice.advise("acme/o10-chat", null, null).modelType()).as("o10 is not o1").isEqualTo("chat");
        assertThat(ParameterAdvice.advise("acme/x", null, null).known()).isFalse();
        assertThat(ParameterAdvice.advise("openai/gpt-7-mini", null, 0.7).temperatureAllowed()).as("gpt-5 and later reason").isFalse();
        assertThat(ParameterAdvice.advise("openai/text-embedding-4", null, null).endpoints()).containsExactly("embeddings");
        assertThat(ParameterAdvice.advise("openai/text-embedding-4", null, null).tokenLimitParameter()).isNull();
    }
}

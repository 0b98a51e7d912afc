package dev.modelregistry.catalogs.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.schemas.ModelSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * OpenAI {@code /v1/models} and Ollama {@code /api/tags} + {@code /api/show}: no dated snapshots of
 * these are in testdata, so the documents here follow the shapes those APIs document.
 */
class SmallApiAdaptersTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void openAiModelsListGivesIdsCreationDatesAndKeepsOwnedBy() throws Exception {
        AdapterResult r = new OpenAiAdapter().parse(bytes("""
                {"object": "list", "data": [
                  {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"},
                  {"id": "o1", "object": "model", "created": "not a number", "owned_by": "system"},
                  {"object": "model"}
                ]}"""));
        assertThat(r.specs()).extracting(ModelSpec::getId).containsExactly("openai/gpt-4o", "openai/o1");
        assertThat(r.specs().get(0).getLifecycle().getReleaseDate()).isEqualTo("2024-05-10");
        assertThat(r.specs().get(0).getExtras()).containsEntry("openai:owned_by", "\"system\"");
        assertThat(r.unreadable()).extracting(AdapterResult.Unreadable::field).contains("created", "id");
    }

    @Test
    void ollamaTagsAndShowDetails() throws Exception {
        AdapterResult r = new OllamaAdapter().parse(bytes("""
                {"models": [{"name": "llama2:latest", "model": "llama2:latest", "modified_at": "2024-01-01T00:00:00Z",
                  "size": 3826793677, "digest": "abc", "details": {"family": "llama", "parameter_size": "7B", "quantization_level": "Q4_0"}}]}"""));
        ModelSpec llama = r.specs().get(0);
        assertThat(llama.getId()).isEqualTo("ollama/llama2");
        assertThat(llama.getAliases()).containsExactly("ollama/llama2:latest");
        assertThat(llama.getFamily()).isEqualTo("llama");
        assertThat(llama.getExtras()).containsKey("ollama:details.parameter_size");
        OllamaAdapter.withShow(llama, new ObjectMapper().readTree("""
                {"model_info": {"llama.context_length": 4096}, "capabilities": ["completion", "vision"]}"""));
        assertThat(llama.getLimits().getContextWindow()).isEqualTo(4096L);
        assertThat(llama.getCapabilities()).containsEntry("streaming", true).containsEntry("vision", true);
        assertThat(llama.getModelType()).isEqualTo("chat");
    }

    @Test
    void wrongShapesAreAClearFormatErrorNotACrash() {
        assertThatThrownBy(() -> new OpenAiAdapter().parse(bytes("{\"object\": \"list\"}"))).isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("\"data\" list");
        assertThatThrownBy(() -> new OllamaAdapter().parse(bytes("[]"))).isInstanceOf(CatalogFormatException.class);
        assertThatThrownBy(() -> new LiteLlmAdapter().parse(bytes("<html>502</html>"))).hasMessageContaining("HTML");
        assertThatThrownBy(() -> new PresetsAdapter().parse(bytes("models: {}"))).hasMessageContaining("provider");
    }
}

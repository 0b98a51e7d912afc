package dev.modelregistry.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An Ollama server (a real local HTTP server speaking /api/tags and /api/show) as a sync source. */
@ExtendWith(EmbeddedKafkaExtension.class)
class OllamaSourceIT {

    private final KafkaBroker broker;

    OllamaSourceIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void tagsListTheModelsAndShowAddsTheirDetailsWhenReachable() throws Exception {
        try (CatalogServer ollama = new CatalogServer(); SyncHarness registry = new SyncHarness(broker)) {
            ollama.answer("/api/tags", CatalogServer.Answer.ok("""
                    {"models": [{"name": "llama2:latest", "model": "llama2:latest", "size": 3826793677,
                                 "details": {"family": "llama", "parameter_size": "7B"}},
                                {"name": "mistral:7b", "model": "mistral:7b", "details": {"family": "mistral"}}]}"""
                    .getBytes(StandardCharsets.UTF_8)));
            ollama.answer("/api/show", CatalogServer.Answer.ok("""
                    {"model_info": {"general.architecture": "llama", "llama.context_length": 4096},
                     "capabilities": ["completion", "tools"]}""".getBytes(StandardCharsets.UTF_8)));
            SyncRun.Report report = registry.sync(List.of(new SyncRun.Source(SourceName.OLLAMA, ollama.url("/api/tags"))),
                    Instant.parse("2026-01-01T00:00:00Z"), Map.of());
            assertThat(report.partialFailure()).isFalse();
            assertThat(ollama.hits("/api/show")).isEqualTo(2);
            Map<String, ModelState> state = registry.state();
            ModelState llama = state.get("ollama/llama2");
            assertThat(llama.getSpec().getAliases()).containsExactly("ollama/llama2:latest");
            assertThat(llama.getSpec().getLimits().getContextWindow()).isEqualTo(4096L);
            assertThat(llama.getSpec().getCapabilities()).containsEntry("tools", true).containsEntry("streaming", true);
            assertThat(state).containsKey("ollama/mistral:7b");

            ollama.answer("/api/show", new CatalogServer.Answer(404, "{\"error\":\"gone\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json", null, false));
            SyncRun.Report withoutShow = registry.sync(List.of(new SyncRun.Source(SourceName.OLLAMA, ollama.url("/api/tags"))),
                    Instant.parse("2026-01-02T00:00:00Z"), Map.of());
            assertThat(withoutShow.partialFailure()).as("details are optional").isFalse();
            assertThat(withoutShow.unreadable()).anyMatch(u -> u.field().equals("/api/show") && u.problem().contains("HTTP 404"));
            assertThat(withoutShow.events()).as("details that could not be fetched keep their last known values").isEmpty();
            assertThat(registry.state().get("ollama/llama2").getSpec().getLimits().getContextWindow()).isEqualTo(4096L);
        }
    }
}

package dev.modelregistry.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.SampleRecords;
import org.junit.jupiter.api.Test;

/** What the API writes, the client reads back to the very record: every field, every type. */
class ApiJsonTest {

    @Test
    void aStateAsTheApiWritesItReadsBackToTheSameRecord() throws Exception {
        ModelState state = SampleRecords.fullState("openrouter/openai/codex-mini");
        JsonNode json = SpecJson.MAPPER.readTree(SpecJson.MAPPER.writeValueAsString(SpecJson.state(state)));
        assertThat(ApiJson.state(json)).isEqualTo(state);
    }

    @Test
    void aChangeWithItsFieldChangesAndDeprecationReadsBackToTheSameRecord() throws Exception {
        ModelChange change = SampleRecords.fullChange("openai/gpt-4o");
        assertThat(change.getChanges()).isNotEmpty();
        JsonNode json = SpecJson.MAPPER.readTree(SpecJson.MAPPER.writeValueAsString(SpecJson.change(change, true)));
        ModelChange back = ApiJson.change(json, change.getModelId(), ApiJson.record(json.get("spec"), dev.modelregistry.schemas.ModelSpec.getClassSchema(),
                dev.modelregistry.schemas.ModelSpec.class));
        assertThat(back).isEqualTo(change);
    }

    @Test
    void somethingElseIsRefusedWithWhatWasMissing() throws Exception {
        assertThatThrownBy(() -> ApiJson.state(SpecJson.MAPPER.readTree("{\"code\": \"not_found\", \"message\": \"unknown model\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'id'");
    }
}

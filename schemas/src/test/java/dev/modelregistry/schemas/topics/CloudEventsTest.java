package dev.modelregistry.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/** Every record kind carries the CloudEvents required attributes (binary mode) plus time and subject. */
class CloudEventsTest {

    private static Map<String, String> asMap(Headers headers) {
        Map<String, String> out = new HashMap<>();
        for (Header h : headers) {
            assertThat(out).as("one header per attribute").doesNotContainKey(h.key());
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void anEventAChangeAndAStateNameTheirModelTimeAndKind() {
        ModelEvent event = SampleRecords.fullEvent("openai/gpt-4o");
        Map<String, String> e = asMap(CloudEvents.forEvent(event));
        assertThat(e).containsEntry("ce_specversion", "1.0").containsEntry("ce_id", event.getEventId())
                .containsEntry("ce_subject", "openai/gpt-4o").containsEntry("ce_source", "/model-registry/" + event.getSource())
                .containsEntry("ce_time", event.getObservedAt().toString()).containsEntry("content-type", "application/avro");
        assertThat(e.get("ce_type")).matches("dev\\.modelregistry\\.model\\.(added|changed|deprecated)\\.v1");

        ModelChange change = SampleRecords.fullChange("openai/gpt-4o");
        Map<String, String> c = asMap(CloudEvents.forChange(change));
        assertThat(c).containsEntry("ce_id", "openai/gpt-4o@" + change.getVersion()).containsEntry("ce_source", "/model-registry/fold")
                .containsEntry("ce_type", "dev.modelregistry.model." + change.getType().name().toLowerCase().replace("model_", "") + ".v1");

        ModelState state = SampleRecords.fullState("openai/gpt-4o");
        assertThat(asMap(CloudEvents.forState(state))).containsEntry("ce_type", "dev.modelregistry.model.state.v1")
                .containsEntry("ce_id", "openai/gpt-4o@" + state.getVersion());
        assertThat(asMap(CloudEvents.forRejection(SampleRecords.fullRejection("openai/gpt-4o")))).containsEntry("ce_type", "dev.modelregistry.model.rejected.v1");
        assertThat(asMap(CloudEvents.of("s@1", "dev.modelregistry.source.status.v1", "/model-registry/poller", null, "litellm", "application/json")))
                .containsEntry("content-type", "application/json").doesNotContainKey("ce_time");
    }
}

package dev.modelregistry.api.http;

import static dev.modelregistry.streams.fold.Events.added;
import static dev.modelregistry.streams.fold.Events.changed;
import static dev.modelregistry.streams.fold.Events.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.api.cache.AnswerCache;
import dev.modelregistry.api.http.routes.ExportRoutes;
import dev.modelregistry.streams.topology.FoldListener;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An export of "now" is sent from memory while the fold stands still, and never after it moved. */
class ExportRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenACachedExportWhenAModelChangesThenTheNextAnswerCarriesTheChange() throws Exception {
        InMemoryCluster cluster = new InMemoryCluster().given(added(spec("openai/gpt-4o", 128_000, "5"), "2026-01-01T00:00:00Z"));
        AnswerCache cache = new AnswerCache();
        cluster.listener = FoldListener.of(cache::changed, cache::reset);
        HttpClient http = HttpClient.newHttpClient();
        try (ApiServer server = new ApiServer("localhost", 0, null, List.of(new ExportRoutes(cluster, cache)))) {
            URI uri = URI.create("http://localhost:" + server.port() + "/v1/export/litellm");
            JsonNode first = JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(again.body())).as("nothing changed: the same answer").isEqualTo(first);

            cluster.given(changed(spec("openai/gpt-4o", 128_000, "2.5"), 1, "2026-06-01T00:00:00Z"));
            HttpResponse<String> after = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(after.body()).get("gpt-4o").get("input_cost_per_token").decimalValue())
                    .as("the fold moved: the new price, not the cached one").isEqualByComparingTo(new BigDecimal("0.0000025"));
            assertThat(after.headers().firstValue("ETag")).isNotEqualTo(again.headers().firstValue("ETag"));
        }
    }
}

package dev.modelregistry.app.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.app.seeds.SeededRegistry;
import dev.modelregistry.app.tools.DebianPackages;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topics as a tool that knows nothing of the registry reads them: kcat (Debian's package)
 * prints each record's CloudEvents headers, and the raw value decodes with plain Avro and the
 * schema the API serves for the fingerprint the record carries.
 */
@ExtendWith(SeededRegistry.class)
class TopicsForToolsIT {

    private static final Path KCAT = Path.of("/usr/bin/kcat");
    private final SeededRegistry.Registry registry;
    private final HttpClient http = HttpClient.newHttpClient();

    TopicsForToolsIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    private byte[] kcat(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KCAT.toString(), "-b", registry.bootstrapServers(), "-q", "-e"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(p.exitValue()).as("kcat " + args[args.length - 1]).isZero();
        return out.toByteArray();
    }

    @Test
    void kcatReadsEveryTopicsHeadersAndPlainAvroDecodesTheValuesWithTheServedSchema() throws Exception {
        DebianPackages.ensure(List.of(KCAT), List.of("kcat"));
        Map<String, String> typeOf = Map.of(registry.topics().events(), "dev.modelregistry.model.", registry.topics().history(), "dev.modelregistry.model.",
                registry.topics().state(), "dev.modelregistry.model.state.v1");
        for (Map.Entry<String, String> topic : typeOf.entrySet()) {
            String headers = new String(kcat("-C", "-t", topic.getKey(), "-o", "beginning", "-c", "1", "-f", "%h"), StandardCharsets.UTF_8);
            assertThat(headers).as(topic.getKey()).contains("ce_specversion=1.0").contains("ce_id=").contains("ce_type=" + topic.getValue())
                    .contains("ce_source=/model-registry/").contains("ce_time=20").contains("ce_subject=").contains("content-type=application/avro");
        }

        byte[] value = kcat("-C", "-t", registry.topics().state(), "-o", "beginning", "-c", "1", "-f", "%s");
        assertThat(value[0] & 0xff).as("single-object marker").isEqualTo(0xC3);
        assertThat(value[1] & 0xff).isEqualTo(0x01);
        String fingerprint = HexFormat.of().formatHex(value, 2, 10);
        HttpResponse<String> schema = http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v1/schemas/" + fingerprint))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).as("the API serves the schema of fingerprint " + fingerprint).isEqualTo(200);
        GenericRecord state = new GenericDatumReader<GenericRecord>(new Schema.Parser().parse(schema.body()))
                .read(null, DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null));
        String id = state.get("modelId").toString();
        JsonNode same = registry.get("/v1/models/" + id + "?version=" + state.get("version")).body();
        assertThat(same.get("id").asText()).isEqualTo(id);
        assertThat(((GenericRecord) state.get("spec")).get("provider").toString()).isEqualTo(same.get("spec").get("provider").asText());
    }
}

package dev.modelregistry.app.merged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.api.codex.CodexModelList;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.catalogs.adapters.CodexAdapter;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import dev.modelregistry.sync.merge.SpecMerger;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Given the presets and a Codex catalog, when listing for an auth mode, then exactly this list. */
class CodexModelListTest {

    private static List<ModelState> merged(byte[] codexCatalog) throws Exception {
        Path root = Path.of(System.getProperty("testdata.dir"), "..");
        Map<SourceName, List<ModelSpec>> bySource = new LinkedHashMap<>();
        bySource.put(SourceName.PRESETS, new PresetsAdapter().parse(Files.readAllBytes(root.resolve("presets/openai.yml"))).specs());
        if (codexCatalog != null) {
            bySource.put(SourceName.CODEX, new CodexAdapter().parse(codexCatalog).specs());
        }
        return SpecMerger.merge(bySource).values().stream().map(s -> ModelState.newBuilder().setModelId(s.getId()).setVersion(1)
                .setUpdatedAt(Instant.EPOCH).setLastEventId("e").setSpec(s).build()).toList();
    }

    private static byte[] julyCatalog() throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(System.getProperty("testdata.dir"), "catalogs",
                "codex_models_2026-07-09_3380969a2.json.gz")))) {
            return in.readAllBytes();
        }
    }

    private static List<String> slugs(List<CodexModelList.Entry> entries) {
        return entries.stream().map(e -> e.slug() + (e.isDefault() ? "*" : "")).toList();
    }

    @Test
    void remoteModelsOffGivesTheSeedsExpectedLists() throws Exception {
        List<ModelState> states = merged(null);
        assertThat(slugs(CodexModelList.list(states, "api_key", false))).containsExactly("gpt-5.1-codex-max*", "gpt-5.1-codex-mini", "gpt-5.2");
        assertThat(slugs(CodexModelList.list(states, "chatgpt", false)))
                .containsExactly("gpt-5.2-codex*", "gpt-5.1-codex-max", "gpt-5.1-codex-mini", "gpt-5.2");
    }

    @Test
    void codexAutoBalancedIsPreferredAsTheChatGptDefaultWhenTheCatalogHasIt() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode catalog = (ObjectNode) json.readTree(julyCatalog());
        ObjectNode balanced = ((ObjectNode) catalog.get("models").get(0)).deepCopy();
        balanced.put("slug", "codex-auto-balanced");
        balanced.put("display_name", "Codex Auto (balanced)");
        balanced.put("priority", 50);
        ((ArrayNode) catalog.get("models")).add(balanced);
        List<ModelState> states = merged(json.writeValueAsBytes(catalog));
        List<String> chatgpt = slugs(CodexModelList.list(states, "chatgpt", true));
        assertThat(chatgpt).contains("codex-auto-balanced*");
        assertThat(chatgpt.stream().filter(s -> s.endsWith("*"))).as("one default").hasSize(1);
        assertThat(chatgpt.indexOf("codex-auto-balanced*")).as("marked where the remote order puts it, not moved to the top")
                .isGreaterThan(0);
        assertThat(slugs(CodexModelList.list(states, "api_key", true))).as("only ChatGPT prefers it")
                .contains("gpt-5.1-codex-max*").doesNotContain("codex-auto-balanced*");
        assertThat(slugs(CodexModelList.list(merged(julyCatalog()), "chatgpt", true)))
                .as("without it the preset default stays the default").contains("gpt-5.2-codex*");
    }

    @Test
    void remoteModelsOnListTheRemoteOrderFirstAndAppendMissingPresetSlugs() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode catalog = (ObjectNode) json.readTree(julyCatalog());
        ArrayNode models = (ArrayNode) catalog.get("models");
        for (int i = models.size() - 1; i >= 0; i--) {
            if (models.get(i).path("slug").asText().equals("gpt-5.2-codex")) {
                models.remove(i); // the seed's example: a preset slug the remote list lacks
            }
        }
        List<CodexModelList.Entry> list = CodexModelList.list(merged(json.writeValueAsBytes(catalog)), "chatgpt", true);

        List<String> origins = list.stream().map(CodexModelList.Entry::origin).toList();
        assertThat(origins.indexOf("preset")).as("presets come after every remote model").isEqualTo(origins.lastIndexOf("remote") + 1);
        CodexModelList.Entry appended = list.stream().filter(e -> e.slug().equals("gpt-5.2-codex")).findFirst().orElseThrow();
        assertThat(appended.origin()).isEqualTo("preset");
        assertThat(appended.isDefault()).as("the default, marked where it was appended").isTrue();
        assertThat(list.indexOf(appended)).isGreaterThan(origins.lastIndexOf("remote"));
        assertThat(list.get(0).origin()).isEqualTo("remote");
    }
}


package dev.modelregistry.app.merged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.api.query.ModelQueries;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.catalogs.adapters.CatalogAdapter;
import dev.modelregistry.catalogs.adapters.LiteLlmAdapter;
import dev.modelregistry.catalogs.adapters.OpenRouterAdapter;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import dev.modelregistry.schemas.semantics.NameResolution;
import dev.modelregistry.sync.merge.SpecMerger;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Instances send each other only the models a name may resolve to ({@link NameResolution#mayResolve});
 * resolving over just those must give what resolving over every model gives.
 */
class ModelQueriesTest {

    private static List<ModelState> registry() throws Exception {
        Path testdata = Path.of(System.getProperty("testdata.dir"));
        Map<SourceName, List<ModelSpec>> bySource = new LinkedHashMap<>();
        List<ModelSpec> presets = new ArrayList<>();
        try (Stream<Path> files = Files.list(testdata.resolve("..").resolve("presets"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                presets.addAll(new PresetsAdapter().parse(Files.readAllBytes(f)).specs());
            }
        }
        bySource.put(SourceName.PRESETS, presets);
        bySource.put(SourceName.OPENROUTER, parse(new OpenRouterAdapter(), testdata.resolve("catalogs/openrouter_api_v1_models_2026-08-19_ef05c3b.json.gz")));
        bySource.put(SourceName.LITELLM, parse(new LiteLlmAdapter(), testdata.resolve("catalogs/litellm_model_prices_2026-07-24_8442b939.json.gz")));
        return SpecMerger.merge(bySource).values().stream().map(s -> ModelState.newBuilder().setModelId(s.getId()).setVersion(1)
                .setUpdatedAt(Instant.EPOCH).setLastEventId("e").setSpec(s).build()).toList();
    }

    private static List<ModelSpec> parse(CatalogAdapter adapter, Path gz) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return adapter.parse(in.readAllBytes()).specs();
        }
    }

    @Test
    void resolvingOverTheCandidatesGivesWhatResolvingOverEveryModelGives() throws Exception {
        List<ModelState> all = registry();
        Set<String> names = new LinkedHashSet<>(List.of("codex-mini", "openai/codex-mini", "GPT-4o", "gpt-4o", "no-such-model",
                "nobody/no-such-model", "claude-3-5-sonnet-20241022"));
        for (ModelState s : all) {
            String id = s.getModelId();
            names.add(id);
            names.add(id.substring(id.lastIndexOf('/') + 1));
            names.addAll(s.getSpec().getAliases());
        }
        int resolved = 0;
        int narrowed = 0;
        for (String name : names) {
            List<ModelState> candidates = all.stream().filter(NameResolution.mayResolve(name)).toList();
            var expected = NameResolution.resolve(all, name).map(ModelState::getModelId);
            assertThat(NameResolution.resolve(candidates, name).map(ModelState::getModelId)).as(name).isEqualTo(expected);
            resolved += expected.isPresent() ? 1 : 0;
            narrowed += candidates.size() <= 10 ? 1 : 0;
        }
        assertThat(all).hasSizeGreaterThan(2000);
        assertThat(resolved).as("most names resolve to something").isGreaterThan(names.size() / 2);
        assertThat(narrowed).as("the candidates are a handful, not the registry").isGreaterThan(names.size() * 9 / 10);
        assertThat(NameResolution.resolve(all.stream().filter(NameResolution.mayResolve("codex-mini")).toList(), "codex-mini")
                .map(ModelState::getModelId)).contains("openrouter/openai/codex-mini");
    }

    @Test
    void modelsWithoutTheSortedValueComeLastInEitherDirection() throws Exception {
        List<ModelState> all = registry();
        for (String sort : List.of("context", "-context", "input_price", "-input_price", "retirement", "-retirement")) {
            List<ModelState> sorted = new ArrayList<>(all);
            sorted.sort(ModelQueries.comparator(sort));
            java.util.function.Function<ModelState, Object> value = switch (sort.replace("-", "")) {
                case "context" -> s -> s.getSpec().getLimits().getContextWindow();
                case "input_price" -> s -> s.getSpec().getPricing() == null ? null : s.getSpec().getPricing().getInputPerMillion();
                default -> s -> s.getSpec().getLifecycle().getRetirementDate() != null ? s.getSpec().getLifecycle().getRetirementDate()
                        : s.getSpec().getLifecycle().getDeprecationDate();
            };
            int firstUnknown = (int) sorted.stream().takeWhile(s -> value.apply(s) != null).count();
            assertThat(firstUnknown).as(sort + ": some have the value").isGreaterThan(0).isLessThan(all.size());
            assertThat(sorted.subList(firstUnknown, sorted.size())).as(sort + ": the unknown ones trail").allMatch(s -> value.apply(s) == null);
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<Comparable> known = sorted.subList(0, firstUnknown).stream().map(s -> (Comparable) value.apply(s)).toList();
            @SuppressWarnings({"unchecked", "rawtypes"})
            java.util.Comparator<Comparable> order = sort.startsWith("-") ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder();
            assertThat(known).as(sort).isSortedAccordingTo(order);
        }
    }
}

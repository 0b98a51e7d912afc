package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import dev.modelregistry.sync.run.SyncRunTestAccess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every provider with more than 10 active models has one default in the presets, and it is an active model a catalog lists. */
class ProviderDefaultsTest {

    private static boolean isDefault(ModelSpec s) {
        return "true".equals(s.getExtras().get(PresetsAdapter.PROVIDER_DEFAULT));
    }

    @Test
    void everyProviderWithMoreThanTenActiveModelsHasOneDefaultThatIsAnActiveCatalogModel() {
        Map<String, ModelSpec> all = BundledModels.derived();
        Map<String, List<ModelSpec>> active = all.values().stream()
                .filter(s -> s.getLifecycle().getStatus() == LifecycleStatus.ACTIVE)
                .filter(s -> s.getProvenance().values().stream().anyMatch(v -> !v.equals("presets") && !v.startsWith("derived:")))
                .collect(Collectors.groupingBy(ModelSpec::getProvider));
        List<String> big = active.entrySet().stream().filter(e -> e.getValue().size() > 10).map(Map.Entry::getKey).sorted().toList();
        assertThat(big).hasSizeGreaterThan(50);
        for (String provider : big) {
            List<ModelSpec> defaults = all.values().stream().filter(s -> s.getProvider().equals(provider)).filter(ProviderDefaultsTest::isDefault).toList();
            assertThat(defaults).as("defaults of " + provider).hasSize(1);
            assertThat(active.get(provider)).as(provider + "'s default must be an active model a catalog lists")
                    .contains(defaults.get(0));
        }
    }

    @Test
    void aSyncWarnsOfADefaultThatIsDeprecatedOrListedByNoCatalog() {
        Map<String, ModelSpec> all = BundledModels.derived();
        assertThat(SyncRunTestAccess.deprecatedDefaults(all, Instant.parse("2026-08-20T00:00:00Z"))).as("none today").isEmpty();

        ModelSpec gone = ModelSpec.newBuilder(all.get("openai/gpt-5.5")).build();
        gone.getLifecycle().setStatus(LifecycleStatus.DEPRECATED);
        ModelSpec invented = ModelSpec.newBuilder(all.get("xai/grok-4.3")).build();
        invented.setProvenance(Map.of("lifecycle.status", "presets"));
        List<String> warnings = SyncRunTestAccess.deprecatedDefaults(Map.of(gone.getId(), gone, invented.getId(), invented),
                Instant.parse("2026-08-20T00:00:00Z"));
        assertThat(warnings).hasSize(2);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("openai/gpt-5.5", "deprecated"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("xai/grok-4.3", "no catalog"));
    }
}

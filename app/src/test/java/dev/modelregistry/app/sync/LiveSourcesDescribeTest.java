package dev.modelregistry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.catalogs.source.SourceStatus;
import dev.modelregistry.sync.poll.PolledSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the console says when a source starts failing: the copy the registry keeps, or that it has none. */
class LiveSourcesDescribeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final PolledSource LITELLM = new PolledSource(SourceName.LITELLM, "https://example.test/prices.json", Duration.ofHours(1), null, null);

    private static SourceStatus failing(String copy, Instant catalogAsOf) {
        return new SourceStatus("litellm", "https://example.test/prices.json", Duration.ofHours(1), null, copy, catalogAsOf, NOW, null,
                "failed", "cannot reach https://example.test/prices.json: ConnectException", 1, 0, 0, 0, 0, NOW.plusSeconds(60), "10.0.0.1:8080");
    }

    @Test
    void aFailingSourceWithABundledCopySaysWhichCopyIsKept() {
        assertThat(LiveSources.describe(LITELLM, null, failing("bundled", Instant.parse("2026-07-24T00:00:00Z"))))
                .contains("using its bundled copy of 2026-07-24").contains("said once");
    }

    @Test
    void aFailingSourceThisInstanceNeverReadSaysItHoldsNoCopy() {
        assertThat(LiveSources.describe(LITELLM, null, failing("none", null)))
                .contains("no copy of it yet").doesNotContain("none copy");
    }
}

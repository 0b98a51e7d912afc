package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.app.seeds.SeededRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code cost --usage}: a usage log priced by a running registry, at each line's time or today. */
@ExtendWith(SeededRegistry.class)
class CostCommandIT {

    private final SeededRegistry.Registry registry;

    CostCommandIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    @Test
    void aUsageLogIsPricedAtEachLinesTimeOrAtTodaysPrices() throws Exception {
        Path log = Files.createTempFile("usage-", ".jsonl");
        Files.write(log, List.of(
                // fields a real log carries besides usage (user, request id) are not sent
                "{\"timestamp\":\"2025-06-01T12:00:00Z\",\"user\":\"u1\",\"model\":\"openai/gpt-3.5-turbo\",\"input_tokens\":1000000}",
                "",
                "{\"timestamp\":\"2026-08-01T12:00:00Z\",\"request_id\":\"r2\",\"model\":\"gpt-3.5-turbo\",\"input_tokens\":1000000}",
                "{\"timestamp\":\"2026-08-01T12:00:00Z\",\"model\":\"nobody/nothing\",\"input_tokens\":5}"));

        CliRun then = CliRun.of("cost", "--usage", log.toString(), "--at-each-line-time", "--api", registry.baseUrl());
        // the two prices gpt-3.5-turbo had ($1.50 then, $0.50 later) in one total; the unknown model is listed, not fatal
        assertThat(then.exit()).as(then.out() + then.err()).isEqualTo(3);
        assertThat(then.out()).containsPattern("openai/gpt-3.5-turbo +2 +\\[\\d+,\\d+\\] +USD 2\\n")
                .contains("2 lines priced at each line's time; total: USD 2")
                .contains("1 lines not priced:").contains("line 4: unknown model 'nobody/nothing'");

        CliRun now = CliRun.of("cost", "--usage", log.toString(), "--api", registry.baseUrl());
        assertThat(now.out()).containsPattern("openai/gpt-3.5-turbo +2 +\\[\\d+\\] +USD 1\\n")
                .contains("2 lines priced at today's prices; total: USD 1");
    }

    @Test
    void aLineThatIsNotJsonOrLacksItsTimeIsAUsageErrorNamingTheLine() throws Exception {
        Path log = Files.createTempFile("usage-", ".jsonl");
        Files.write(log, List.of("{\"model\":\"openai/gpt-4o\",\"input_tokens\":1}", "not json"));
        CliRun bad = CliRun.of("cost", "--usage", log.toString(), "--api", registry.baseUrl());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains(log + " line 2 is not JSON");

        Files.write(log, List.of("{\"model\":\"openai/gpt-4o\",\"input_tokens\":1}"));
        CliRun noTime = CliRun.of("cost", "--usage", log.toString(), "--at-each-line-time", "--api", registry.baseUrl());
        assertThat(noTime.exit()).isEqualTo(2);
        assertThat(noTime.err()).contains("line 1 has no at or timestamp field, which --at-each-line-time needs");
    }
}

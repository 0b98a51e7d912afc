package dev.modelregistry.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanShutdownMarkerTest {

    @Test
    void aFirstStartHasNothingToWipe(@TempDir Path stateDir) {
        assertThat(new CleanShutdownMarker(stateDir, "model-registry").lastRunWasUnclean()).isFalse();
    }

    @Test
    void storesLeftByARunThatNeverClosedAreUnclean(@TempDir Path stateDir) throws IOException {
        CleanShutdownMarker marker = new CleanShutdownMarker(stateDir, "model-registry");
        marker.running();
        Files.createDirectories(stateDir.resolve("model-registry/0_5/rocksdb"));
        // killed here: closedCleanly() never runs
        assertThat(new CleanShutdownMarker(stateDir, "model-registry").lastRunWasUnclean()).isTrue();
    }

    @Test
    void aCleanCloseKeepsTheStateForTheNextStartUntilThatOneRuns(@TempDir Path stateDir) throws IOException {
        CleanShutdownMarker marker = new CleanShutdownMarker(stateDir, "model-registry");
        Files.createDirectories(stateDir.resolve("model-registry/0_5/rocksdb"));
        marker.closedCleanly();
        CleanShutdownMarker next = new CleanShutdownMarker(stateDir, "model-registry");
        assertThat(next.lastRunWasUnclean()).isFalse();
        next.running();
        assertThat(new CleanShutdownMarker(stateDir, "model-registry").lastRunWasUnclean())
                .as("the second run crashed: its marker was removed when it started").isTrue();
    }

    @Test
    void kafkaStreamsMetadataAloneIsNoState(@TempDir Path stateDir) throws IOException {
        Files.createDirectories(stateDir.resolve("model-registry"));
        Files.writeString(stateDir.resolve("model-registry/kafka-streams-process-metadata"), "{}");
        assertThat(new CleanShutdownMarker(stateDir, "model-registry").lastRunWasUnclean()).isFalse();
    }
}

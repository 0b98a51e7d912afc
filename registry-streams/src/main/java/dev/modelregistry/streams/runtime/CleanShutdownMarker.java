package dev.modelregistry.streams.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Remembers whether the last run on a state directory closed its stores cleanly.
 *
 * <p>Why: after a process is killed, RocksDB replays its write-ahead log on the next open, so a
 * local store can hold writes from a transaction the broker then aborted. Kafka Streams wipes an
 * <em>active</em> task's store in that case, but the fault test (ClusterFaultIT) caught a store
 * that kept such a write: the fold then took the event as already applied, never wrote its state
 * and history records again, and every later sync, reading the state topic, saw the model as
 * missing. Wiping the local state after an unclean stop costs one restore from the changelogs,
 * and only after a crash; a clean restart keeps the state as before.
 */
final class CleanShutdownMarker {

    private final Path appStateDir;
    private final Path marker;

    /**
     * @param stateDir      Kafka Streams' {@code state.dir}
     * @param applicationId the application id (Kafka Streams keeps its stores in {@code stateDir/applicationId})
     */
    CleanShutdownMarker(Path stateDir, String applicationId) {
        this.appStateDir = stateDir.resolve(applicationId);
        this.marker = stateDir.resolve(applicationId + ".clean-shutdown");
    }

    /** @return true if local state exists that the last run did not close cleanly */
    boolean lastRunWasUnclean() {
        if (Files.exists(marker) || !Files.isDirectory(appStateDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(appStateDir)) {
            // Kafka Streams' own metadata file alone is no state
            return entries.anyMatch(p -> Files.isDirectory(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appStateDir, e);
        }
    }

    /** Called once this run starts: until it closes cleanly, a crash leaves no marker behind. */
    void running() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + marker, e);
        }
    }

    /** Called after the stores closed cleanly. */
    void closedCleanly() {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "stores closed cleanly\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }
}

package dev.modelregistry.streams.topology;

import static dev.modelregistry.streams.fold.Events.added;
import static dev.modelregistry.streams.fold.Events.changed;
import static dev.modelregistry.streams.fold.Events.deprecated;
import static dev.modelregistry.streams.fold.Events.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology on {@code TopologyTestDriver}: each rule end to end, poison records included. */
class RegistryTopologyTest {

    private static final String GPT = "openai/gpt-4o";
    private final RegistrySerdes serdes = new RegistrySerdes();
    private final RegistryTopics topics = RegistryTopics.defaults(1);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestOutputTopic<String, ModelChange> history;
    private TestOutputTopic<String, ModelState> state;
    private TestOutputTopic<String, Rejection> rejected;

    @BeforeEach
    void setUp() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd-").toString());
        driver = new TopologyTestDriver(RegistryTopology.buildTopology(new RegistryTopology.Config(topics, serdes)), props);
        events = driver.createInputTopic(topics.events(), new StringSerializer(), new ByteArraySerializer());
        history = driver.createOutputTopic(topics.history(), new StringDeserializer(), serdes.changes());
        state = driver.createOutputTopic(topics.state(), new StringDeserializer(), serdes.states());
        rejected = driver.createOutputTopic(topics.rejected(), new StringDeserializer(), serdes.rejections());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(ModelEvent event) {
        events.pipeInput(event.getModelId(), serdes.events().encode(event), event.getObservedAt());
    }

    private String onlyRejectionReason() {
        List<Rejection> all = rejected.readValuesToList();
        assertThat(all).hasSize(1);
        assertThat(history.isEmpty()).as("a rejected event makes no version").isTrue();
        assertThat(state.isEmpty()).isTrue();
        return all.get(0).getReasonCode();
    }

    @Test
    void acceptedEventsReachEveryStoreAndBothOutputTopics() {
        send(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        send(changed(spec(GPT, 200_000, "2.50"), 1, "2025-02-01T00:00:00Z"));
        send(deprecated(spec(GPT, 200_000, "2.50"), 2, "2025-03-01T00:00:00Z"));

        List<ModelChange> changes = history.readValuesToList();
        assertThat(changes).extracting(ModelChange::getVersion).containsExactly(1L, 2L, 3L);
        List<ModelState> states = state.readValuesToList();
        assertThat(states).extracting(ModelState::getVersion).containsExactly(1L, 2L, 3L);
        assertThat(rejected.isEmpty()).isTrue();

        KeyValueStore<String, byte[]> latest = driver.getKeyValueStore(RegistryTopology.LATEST_STORE);
        ModelState now = serdes.states().decode(latest.get(GPT));
        assertThat(now.getSpec().getLifecycle().getStatus()).isEqualTo(LifecycleStatus.DEPRECATED);
        assertThat(now).as("the store holds what the state topic got").isEqualTo(states.get(2));

        KeyValueStore<String, byte[]> historyStore = driver.getKeyValueStore(RegistryTopology.HISTORY_STORE);
        assertThat(serdes.changes().decode(historyStore.get(RegistryTopology.historyKey(GPT, 2))).getChanges()).hasSize(1);
        assertThat(serdes.changes().decode(historyStore.get(RegistryTopology.historyKey(GPT, 3)))).isEqualTo(changes.get(2));
        assertThat(historyStore.get(RegistryTopology.historyKey(GPT, 4))).isNull();

        KeyValueStore<String, Long> progress = driver.getKeyValueStore(RegistryTopology.PROGRESS_STORE);
        assertThat(progress.get(RegistryTopology.PROGRESS_KEY)).as("offset of the last event folded").isEqualTo(2L);
    }

    @Test
    void aRejectedEventMovesTheProgressStoreOnly() {
        send(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        send(changed(spec(GPT, 1, null), 7, "2025-01-02T00:00:00Z"));
        KeyValueStore<String, Long> progress = driver.getKeyValueStore(RegistryTopology.PROGRESS_STORE);
        assertThat(progress.get(RegistryTopology.PROGRESS_KEY)).isEqualTo(1L);
        KeyValueStore<String, byte[]> historyStore = driver.getKeyValueStore(RegistryTopology.HISTORY_STORE);
        assertThat(historyStore.get(RegistryTopology.historyKey(GPT, 2))).isNull();
    }

    @Test
    void historyKeysSortByVersion() {
        assertThat(RegistryTopology.historyKey(GPT, 7)).isEqualTo(GPT + "\u0000" + "0000000000000000007");
        assertThat(RegistryTopology.historyKey(GPT, 10)).isGreaterThan(RegistryTopology.historyKey(GPT, 9));
        assertThat(RegistryTopology.versionOfHistoryKey(RegistryTopology.historyKey(GPT, Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void outputRecordsCarryTheVersionsValidityStartAsTimestamp() {
        send(added(spec(GPT, 128_000, "2.50"), "2025-06-01T00:00:00Z"));
        send(changed(spec(GPT, 200_000, "2.50"), 1, "2025-01-01T00:00:00Z"));
        var records = history.readRecordsToList();
        assertThat(records.get(0).timestamp()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z").toEpochMilli());
        assertThat(records.get(1).timestamp()).isEqualTo(Instant.parse("2025-06-01T00:00:00.001Z").toEpochMilli());
        assertThat(records.get(1).value().getRecordedAt()).isEqualTo(Instant.parse("2025-06-01T00:00:00.001Z"));
    }

    @Test
    void unknownModelIsRejected() {
        send(changed(spec(GPT, 1, null), 0, "2025-01-01T00:00:00Z"));
        assertThat(onlyRejectionReason()).isEqualTo("unknown_model");
    }

    @Test
    void addOfAnActiveModelIsRejected() {
        send(added(spec(GPT, 1, null), "2025-01-01T00:00:00Z"));
        history.readValuesToList();
        state.readValuesToList();
        send(added(spec(GPT, 2, null), "2025-01-02T00:00:00Z"));
        assertThat(onlyRejectionReason()).isEqualTo("model_exists");
    }

    @Test
    void staleVersionIsRejected() {
        send(added(spec(GPT, 1, null), "2025-01-01T00:00:00Z"));
        send(changed(spec(GPT, 2, null), 1, "2025-01-02T00:00:00Z"));
        history.readValuesToList();
        state.readValuesToList();
        send(changed(spec(GPT, 3, null), 1, "2025-01-03T00:00:00Z"));
        assertThat(onlyRejectionReason()).isEqualTo("stale_version");
    }

    @Test
    void aReplayedEventIsADuplicate() {
        ModelEvent add = added(spec(GPT, 1, null), "2025-01-01T00:00:00Z");
        send(add);
        history.readValuesToList();
        state.readValuesToList();
        send(add);
        assertThat(onlyRejectionReason()).isEqualTo("duplicate_event");
    }

    @Test
    void anEventReplayedAfterLaterVersionsIsStillADuplicate() {
        ModelEvent change = changed(spec(GPT, 2, null), 1, "2025-01-02T00:00:00Z");
        send(added(spec(GPT, 1, null), "2025-01-01T00:00:00Z"));
        send(change);
        send(changed(spec(GPT, 3, null), 2, "2025-01-03T00:00:00Z"));
        history.readValuesToList();
        state.readValuesToList();
        send(change);
        assertThat(onlyRejectionReason()).isEqualTo("duplicate_event");
    }

    @Test
    void aStaleEventThatNeverMadeAVersionIsStaleNotADuplicate() {
        send(added(spec(GPT, 1, null), "2025-01-01T00:00:00Z"));
        send(changed(spec(GPT, 2, null), 1, "2025-01-02T00:00:00Z"));
        history.readValuesToList();
        state.readValuesToList();
        send(changed(spec(GPT, 5, null), 0, "2025-01-03T00:00:00Z"));
        assertThat(onlyRejectionReason()).isEqualTo("stale_version");
    }

    @Test
    void anInvalidSpecIsRejected() {
        send(added(spec(GPT, -1, null), "2025-01-01T00:00:00Z"));
        assertThat(onlyRejectionReason()).isEqualTo("invalid_spec");
    }

    @Test
    void aKeyThatIsNotTheModelIdIsRejected() {
        ModelEvent e = added(spec(GPT, 1, null), "2025-01-01T00:00:00Z");
        events.pipeInput("openai/other", serdes.events().encode(e));
        assertThat(onlyRejectionReason()).isEqualTo("key_mismatch");
    }

    @Test
    void poisonRecordsAreRejectedWithTheirBytesAndTheAppKeepsFolding() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(serdes.events().encode(added(spec(GPT, 1, null), "2025-01-01T00:00:00Z")), 20);
        byte[] unknownFingerprint = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        events.pipeInput(GPT, garbage);
        events.pipeInput(GPT, truncated);
        events.pipeInput(GPT, unknownFingerprint);
        events.pipeInput(GPT, (byte[]) null);
        events.pipeInput(GPT, new byte[0]);
        send(added(spec(GPT, 1, null), "2025-01-01T00:00:00Z"));

        List<Rejection> rejections = rejected.readValuesToList();
        assertThat(rejections).extracting(Rejection::getReasonCode).containsOnly("undecodable").hasSize(5);
        assertThat(rejections).extracting(Rejection::getMessage).satisfiesExactly(
                m -> assertThat(m).startsWith("bad_header"),
                m -> assertThat(m).startsWith("corrupt_body"),
                m -> assertThat(m).startsWith("unknown_schema"),
                m -> assertThat(m).startsWith("empty"),
                m -> assertThat(m).startsWith("empty"));
        byte[] kept = new byte[rejections.get(0).getOriginalBytes().remaining()];
        rejections.get(0).getOriginalBytes().get(kept);
        assertThat(kept).isEqualTo(garbage);
        assertThat(rejections.get(0).getSourceTopic()).isEqualTo(topics.events());
        assertThat(rejections.get(1).getSourceOffset()).isEqualTo(1L);
        assertThat(history.readValuesToList()).extracting(ModelChange::getVersion).containsExactly(1L);
    }
}

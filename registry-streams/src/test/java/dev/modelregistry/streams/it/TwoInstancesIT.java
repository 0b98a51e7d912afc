package dev.modelregistry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.query.NotLocalException;
import dev.modelregistry.streams.query.RegistryReader;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances with one application id split the partitions; each key is answered by the
 * instance that owns it; when one stops, the other serves every key with the state intact.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class TwoInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private final KafkaBroker broker;
    private final RegistrySerdes serdes = new RegistrySerdes();

    TwoInstancesIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void instancesSplitThePartitionsAndTheSurvivorServesEveryKey() throws Exception {
        LiteLlmHistory litellm = LiteLlmHistory.load();
        List<ModelEvent> events = litellm.events.subList(0, 600);
        RegistryTopics topics = FoldOnKafkaIT.topics(broker, 4);
        try (var producer = new KafkaProducer<>(FoldOnKafkaIT.toMap(broker.producerProps()), new StringSerializer(), new ByteArraySerializer())) {
            for (ModelEvent e : events) {
                producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), serdes.events().encode(e)));
            }
        }
        ReferenceFold reference = new ReferenceFold().apply(broker.readAll(topics.events(), WAIT), serdes.events());

        String appId = broker.uniqueName("two");
        HostInfo hostA = new HostInfo("localhost", 7201);
        HostInfo hostB = new HostInfo("localhost", 7202);
        RegistryStreamsApp a = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:7201", 1), serdes);
        RegistryStreamsApp b = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:7202", 1), serdes);
        try (a; b) {
            a.start();
            b.start();
            Map<HostInfo, RegistryReader> readers = Map.of(hostA, a.reader(), hostB, b.reader());
            broker.readAtLeast(topics.history(), reference.accepted, WAIT);

            Set<HostInfo> owners = awaitEveryKeyReadableThroughItsOwner(readers, reference, Set.of(hostA, hostB));
            assertThat(owners).as("both instances own partitions").containsExactlyInAnyOrder(hostA, hostB);

            String someKeyOfB = reference.states.keySet().stream()
                    .filter(k -> a.reader().locate(k).active().equals(hostB)).findFirst().orElseThrow();
            NotLocalException notLocal = org.junit.jupiter.api.Assertions.assertThrows(NotLocalException.class,
                    () -> a.reader().current(someKeyOfB, null));
            assertThat(notLocal.active()).as("the refusal names the owner, for forwarding").isEqualTo(hostB);

            a.close(true);
            assertThat(awaitEveryKeyReadableThroughItsOwner(readers, reference, Set.of(hostB))).containsExactly(hostB);
            assertThat(b.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /**
     * Waits until the assignment is stable enough that every key is answered by its owner among
     * {@code alive}, with the reference state; returns the owners seen.
     */
    private static Set<HostInfo> awaitEveryKeyReadableThroughItsOwner(Map<HostInfo, RegistryReader> readers, ReferenceFold reference,
                                                                      Set<HostInfo> alive) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Set<HostInfo> owners = new HashSet<>();
                RegistryReader any = readers.get(alive.iterator().next());
                for (Map.Entry<String, ModelState> e : reference.states.entrySet()) {
                    HostInfo owner = any.locate(e.getKey()).active();
                    if (owner == null || !alive.contains(owner)) {
                        throw new IllegalStateException("no live owner yet for " + e.getKey());
                    }
                    ModelState answer = readers.get(owner).current(e.getKey(), null).value();
                    if (!e.getValue().equals(answer)) {
                        throw new IllegalStateException(e.getKey() + " not caught up on " + owner);
                    }
                    owners.add(owner);
                }
                return owners;
            } catch (RuntimeException e) {
                last = e;
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("keys not all readable through their owners within " + WAIT, last);
    }
}

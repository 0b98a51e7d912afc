package dev.modelregistry.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.sync.poll.SourceStatusTopic;
import dev.modelregistry.sync.poll.SyncLeadership;
import dev.modelregistry.testkit.Await;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The polling role on a real broker: exactly one of several candidates holds it, and it moves when the holder stops. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SyncLeadershipIT {

    private final KafkaBroker broker;

    SyncLeadershipIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void givenThreeCandidatesThenExactlyOneLeadsAndWhenItStopsAnotherTakesOver() throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        String topic = broker.uniqueName("sources");
        assertThat(SourceStatusTopic.ensure(client, topic, (short) 1, Duration.ofSeconds(30))).isTrue();
        assertThat(SourceStatusTopic.ensure(client, topic, (short) 1, Duration.ofSeconds(30))).as("idempotent").isFalse();
        String group = broker.uniqueName("leader");
        SyncLeadership a = new SyncLeadership(client, topic, group, Duration.ofSeconds(6));
        SyncLeadership b = new SyncLeadership(client, topic, group, Duration.ofSeconds(6));
        SyncLeadership c = new SyncLeadership(client, topic, group, Duration.ofSeconds(6));
        List<SyncLeadership> all = new java.util.ArrayList<>(List.of(a, b, c));
        try {
            all.forEach(SyncLeadership::start);
            Await.until(Duration.ofSeconds(60), "one leader among three members", () -> leaders(all) == 1 && all.stream().allMatch(SyncLeadership::joined));
            SyncLeadership first = all.stream().filter(SyncLeadership::isLeader).findFirst().orElseThrow();
            SyncLeadership late = new SyncLeadership(client, topic, group, Duration.ofSeconds(6));
            all.add(late);
            late.start();
            Await.until(Duration.ofSeconds(60), "the late candidate is a member", late::joined);
            assertThat(first.isLeader()).as("a candidate that joins later does not take the role").isTrue();
            assertThat(leaders(all)).isEqualTo(1);
            first.close();
            all.remove(first);
            assertThat(first.isLeader()).isFalse();
            Await.until(Duration.ofSeconds(60), "a new leader after the first one stopped", () -> leaders(all) == 1);
        } finally {
            all.forEach(SyncLeadership::close);
        }
    }

    private static long leaders(List<SyncLeadership> candidates) {
        return candidates.stream().filter(SyncLeadership::isLeader).count();
    }

}

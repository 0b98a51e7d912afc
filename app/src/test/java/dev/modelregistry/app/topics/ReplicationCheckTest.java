package dev.modelregistry.app.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.app.topics.ReplicationCheck.TopicReplicas;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given a cluster and its topics' replication, then exactly these warnings. */
class ReplicationCheckTest {

    @Test
    void oneReplicaOnThreeBrokersIsAWarningNamingTheTopicAndTheFix() {
        List<String> w = ReplicationCheck.warnings(3, List.of(new TopicReplicas("model-registry.events.v1", 1, 1),
                new TopicReplicas("model-registry-latest-changelog", 3, 2)));
        assertThat(w).hasSize(1);
        assertThat(w.get(0)).contains("model-registry.events.v1").contains("1 replica on a cluster of 3 brokers").contains("Give it 3");
    }

    @Test
    void threeReplicasWithMinInSyncOneIsAWarningAndTwoIsFine() {
        assertThat(ReplicationCheck.warnings(3, List.of(new TopicReplicas("t", 3, 1)))).singleElement().asString().contains("min.insync.replicas=1");
        assertThat(ReplicationCheck.warnings(3, List.of(new TopicReplicas("t", 3, 2)))).isEmpty();
        assertThat(ReplicationCheck.warnings(5, List.of(new TopicReplicas("t", 3, 2)))).as("three is enough on a larger cluster").isEmpty();
    }

    @Test
    void aSingleBrokerHasNothingBetterToGive() {
        assertThat(ReplicationCheck.warnings(1, List.of(new TopicReplicas("t", 1, 1)))).isEmpty();
        assertThat(ReplicationCheck.warnings(2, List.of(new TopicReplicas("t", 1, null)))).singleElement().asString().contains("Give it 2");
        assertThat(ReplicationCheck.warnings(2, List.of(new TopicReplicas("t", 2, null)))).as("min.insync unknown: not guessed").isEmpty();
    }
}

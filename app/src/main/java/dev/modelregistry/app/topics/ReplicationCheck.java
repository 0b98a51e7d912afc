package dev.modelregistry.app.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Whether the topics the registry uses survive a broker failure: each should have as many
 * replicas as the cluster can give, up to three, and on more than one broker a
 * {@code min.insync.replicas} above one. A topic with one replica on a cluster of three stops
 * the fold for good when its broker dies; that is worth a warning at every start.
 */
public final class ReplicationCheck {

    /**
     * One topic's replication.
     *
     * @param minReplicas the fewest replicas any of its partitions has
     * @param minInSync its {@code min.insync.replicas}, or null if unknown
     */
    public record TopicReplicas(String topic, int minReplicas, Integer minInSync) {
    }

    private ReplicationCheck() {
    }

    /**
     * Pure: the warnings for these topics on a cluster of {@code brokers}.
     *
     * @return one line per problem, naming the topic and the fix; empty when all is well
     */
    public static List<String> warnings(int brokers, Collection<TopicReplicas> topics) {
        int target = Math.min(3, brokers);
        List<String> out = new ArrayList<>();
        for (TopicReplicas t : topics) {
            if (t.minReplicas() < target) {
                out.add("topic " + t.topic() + " has " + t.minReplicas() + " replica" + (t.minReplicas() == 1 ? "" : "s") + " on a cluster of "
                        + brokers + " brokers: losing one broker can stop the registry. Give it " + target + " (kafka-reassign-partitions); "
                        + "new topics get topic.replication.factor, by default the cluster's default.replication.factor");
            } else if (brokers > 1 && t.minReplicas() > 1 && t.minInSync() != null && t.minInSync() < 2) {
                out.add("topic " + t.topic() + " has min.insync.replicas=" + t.minInSync() + " on " + t.minReplicas()
                        + " replicas: a write acknowledged by one broker is lost if that broker fails before the others copy it; set it to 2");
            }
        }
        return out;
    }

    /**
     * Reads the cluster and the topics: the given ones and every topic whose name starts with
     * {@code internalPrefix} (Kafka Streams' changelog and repartition topics).
     *
     * @return the warnings ({@link #warnings}); a topic that does not exist is not checked
     * @throws IllegalStateException if the cluster does not answer within {@code timeout}
     */
    public static List<String> inspect(Admin admin, Collection<String> topics, String internalPrefix, Duration timeout) {
        try {
            long ms = timeout.toMillis();
            int brokers = admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size();
            List<String> names = new ArrayList<>();
            for (String name : admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS)) {
                if (topics.contains(name) || (internalPrefix != null && name.startsWith(internalPrefix))) {
                    names.add(name);
                }
            }
            names.sort(null);
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(ms, TimeUnit.MILLISECONDS);
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(ms, TimeUnit.MILLISECONDS);
            List<TopicReplicas> replicas = new ArrayList<>();
            for (String name : names) {
                int min = described.get(name).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
                var entry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("min.insync.replicas");
                replicas.add(new TopicReplicas(name, min, entry == null || entry.value() == null ? null : Integer.valueOf(entry.value())));
            }
            return warnings(brokers, replicas);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " while checking replication", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused to describe the topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking replication", e);
        }
    }
}

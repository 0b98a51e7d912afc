package dev.modelregistry.sync.poll;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The compacted, single-partition topic of source statuses (key: source id, value: its JSON). It
 * has one partition on purpose: its consumer group's one assignment is the sync leadership.
 */
public final class SourceStatusTopic {

    /** The default name. */
    public static final String DEFAULT_NAME = "model-registry.sources.v1";

    private SourceStatusTopic() {
    }

    /**
     * Creates the topic if it is missing.
     *
     * @return true if this call created it
     * @throws IllegalStateException if the cluster cannot be asked within {@code timeout}
     */
    public static boolean ensure(Map<String, Object> clientSettings, String topic, short replicationFactor, Duration timeout) {
        try (Admin admin = Admin.create(clientSettings)) {
            if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return false;
            }
            // -1: the cluster's default.replication.factor
            admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(1), replicationFactor < 1 ? java.util.Optional.empty()
                    : java.util.Optional.of(replicationFactor)).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kafka cluster did not answer within " + timeout + " while creating " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        }
    }
}

package dev.modelregistry.app.topics;

import dev.modelregistry.schemas.topics.RegistryTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the registry's topics when missing and checks that those that exist have the configs
 * the registry relies on (cleanup policy, retention).
 * Idempotent: running it again changes nothing.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    /** What happened to one topic. */
    public enum Outcome { CREATED, EXISTED }

    /** The result for one topic. */
    public record Result(String topic, Outcome outcome, String cleanupPolicy) {
    }

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin an admin client the caller owns and closes
     * @param timeout bound on each admin call
     */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Creates missing topics with their configs.
     *
     * @return one result per topic, in {@link RegistryTopics#definitions()} order
     * @throws IllegalStateException if the cluster cannot be reached in time, refuses a creation, or an
     *     existing topic has the wrong cleanup policy (a compacted events topic would lose history)
     */
    public List<Result> ensure(RegistryTopics topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<Result> results = new ArrayList<>();
            List<NewTopic> toCreate = new ArrayList<>();
            for (RegistryTopics.Definition def : topics.definitions()) {
                if (!existing.contains(def.name())) {
                    toCreate.add(new NewTopic(def.name(), java.util.Optional.of(topics.partitions()), topics.replication()).configs(def.configs()));
                }
            }
            Map<String, KafkaFuture<Void>> created = admin.createTopics(toCreate).values();
            for (RegistryTopics.Definition def : topics.definitions()) {
                KafkaFuture<Void> future = created.get(def.name());
                Outcome outcome = Outcome.EXISTED;
                if (future != null) {
                    try {
                        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        outcome = Outcome.CREATED;
                        log.info("created topic {} ({} partitions, {})", def.name(), topics.partitions(), def.configs());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + def.name() + ": " + e.getCause().getMessage(), e.getCause());
                        }
                    }
                }
                Config actual = describe(def.name());
                for (Map.Entry<String, String> required : def.configs().entrySet()) {
                    String value = actual.get(required.getKey()) == null ? null : actual.get(required.getKey()).value();
                    if (!required.getValue().equals(value)) {
                        throw new IllegalStateException("topic " + def.name() + " exists with " + required.getKey() + "=" + value
                                + " but the registry needs " + required.getValue()
                                + " (history records carry old timestamps and would be deleted); fix it or configure another topic name");
                    }
                }
                results.add(new Result(def.name(), outcome, actual.get("cleanup.policy").value()));
            }
            return results;
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + "; is bootstrap.servers right?", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused: " + e.getCause(), e.getCause()); // the class too: some refusals have no message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private Config describe(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
    }
}

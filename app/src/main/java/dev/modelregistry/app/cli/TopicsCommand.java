package dev.modelregistry.app.cli;

import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.app.topics.ReplicationCheck;
import dev.modelregistry.app.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code topics create}: creates the registry's topics on any cluster; idempotent. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage the registry's Kafka topics.",
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: create");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the four topics with their configs where missing; check those that exist.")
    static final class Create implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--partitions", paramLabel = "N", description = "Partitions per topic (default 3).")
        Integer partitions;

        @Option(names = "--replication-factor", paramLabel = "N", description = "Replication factor (default -1: the cluster's default.replication.factor).")
        Short replicationFactor;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Object> flags = new HashMap<>();
            flags.put(RegistryConfig.TOPIC_PARTITIONS, partitions);
            flags.put(RegistryConfig.TOPIC_REPLICATION_FACTOR, replicationFactor);
            RegistryConfig config = common.load(flags);
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> adminSettings = new HashMap<>(config.kafkaClientSettings());
            adminSettings.putIfAbsent("request.timeout.ms", "10000");
            adminSettings.putIfAbsent("default.api.timeout.ms", "15000");
            try (Admin admin = Admin.create(adminSettings)) {
                for (TopicProvisioner.Result r : new TopicProvisioner(admin, Duration.ofSeconds(15)).ensure(config.topics())) {
                    out.printf("%-28s %-8s cleanup.policy=%s%n", r.topic(), r.outcome().name().toLowerCase(), r.cleanupPolicy());
                }
                for (String warning : ReplicationCheck.inspect(admin,
                        config.topics().names(), null,
                        Duration.ofSeconds(15))) {
                    out.println("Warning: " + warning);
                }
            }
            String sources = config.getString(RegistryConfig.TOPIC_SOURCES);
            boolean created = dev.modelregistry.sync.poll.SourceStatusTopic.ensure(adminSettings, sources,
                    config.getShort(RegistryConfig.TOPIC_REPLICATION_FACTOR), Duration.ofSeconds(15));
            out.printf("%-28s %-8s cleanup.policy=compact (1 partition: source statuses, elects the polling instance)%n", sources,
                    created ? "created" : "existed");
            return 0;
        }
    }
}

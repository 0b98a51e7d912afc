package dev.modelregistry.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests a real single-node KRaft broker (combined broker and controller), started once per
 * test JVM and closed when the JVM's test run ends. Use with {@code @ExtendWith} and take a
 * {@link KafkaBroker} parameter in a constructor, lifecycle method or test.
 *
 * <p>Its log directories live under {@code java.io.tmpdir}, which the build points at
 * {@code target/test-tmp}.
 */
public final class EmbeddedKafkaExtension implements ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    }

    /** The broker, registered in the root store so JUnit closes it exactly once at the end. */
    static final class Running implements KafkaBroker, ExtensionContext.Store.CloseableResource {
        private final KafkaClusterTestKit cluster;

        private Running(KafkaClusterTestKit cluster) {
            this.cluster = cluster;
        }

        static Running start() {
            long started = System.nanoTime();
            try {
                Path base = Files.createTempDirectory("kraft-");
                KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(base)
                        // The test kit defaults to an unstable metadata version.
                        .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "1")
                        .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                        .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                log.info("embedded KRaft broker ready at {} in {} ms", cluster.bootstrapServers(),
                        (System.nanoTime() - started) / 1_000_000);
                return new Running(cluster);
            } catch (Exception e) {
                throw new ParameterResolutionException("cannot start the embedded Kafka broker: " + e, e);
            }
        }

        @Override
        public String bootstrapServers() {
            return cluster.bootstrapServers();
        }

        @Override
        public String kind() {
            return "embedded-kraft";
        }

        @Override
        public void close() throws Exception {
            cluster.close();
        }
    }
}

package dev.modelregistry.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives tests a Kafka broker in a container (Testcontainers' Kafka module, image
 * {@value #IMAGE}), started once per test JVM. Where no Docker engine is reachable, every test
 * using this extension is skipped with a reason instead of failing.
 */
public final class DockerKafkaExtension implements ExecutionCondition, ParameterResolver {

    static final String IMAGE = "apache/kafka:4.1.1";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DockerKafkaExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean available = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("docker", k -> isDockerAvailable(), Boolean.class);
        return available
                ? ConditionEvaluationResult.enabled("a Docker engine is available")
                : ConditionEvaluationResult.disabled("no Docker engine: Testcontainers Kafka tests skipped");
    }

    private static boolean isDockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Container.class, k -> Container.start(), Container.class);
    }

    static final class Container implements KafkaBroker, ExtensionContext.Store.CloseableResource {
        private final KafkaContainer kafka;

        private Container(KafkaContainer kafka) {
            this.kafka = kafka;
        }

        static Container start() {
            KafkaContainer kafka = new KafkaContainer(IMAGE);
            kafka.start();
            return new Container(kafka);
        }

        @Override
        public String bootstrapServers() {
            return kafka.getBootstrapServers();
        }

        @Override
        public String kind() {
            return "testcontainers";
        }

        @Override
        public void close() {
            kafka.stop();
        }
    }
}

package dev.modelregistry.schemas.encoding;

import dev.modelregistry.testkit.DockerKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same contract on Testcontainers' Kafka; skipped where no Docker engine is reachable. */
@ExtendWith(DockerKafkaExtension.class)
class SerdesOverDockerKafkaIT extends SerdesOverKafkaContract {
    SerdesOverDockerKafkaIT(KafkaBroker broker) {
        super(broker);
    }
}

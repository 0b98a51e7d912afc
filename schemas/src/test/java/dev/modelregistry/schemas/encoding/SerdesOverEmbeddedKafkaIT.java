package dev.modelregistry.schemas.encoding;

import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class SerdesOverEmbeddedKafkaIT extends SerdesOverKafkaContract {
    SerdesOverEmbeddedKafkaIT(KafkaBroker broker) {
        super(broker);
    }
}

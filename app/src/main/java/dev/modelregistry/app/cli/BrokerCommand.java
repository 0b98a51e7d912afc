package dev.modelregistry.app.cli;

import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: one node of a local multi-broker cluster, run by {@code cluster} in its own
 * process (hidden: users start {@code cluster}).
 */
@Command(name = "broker", hidden = true, mixinStandardHelpOptions = true,
        description = "Run one KRaft node (broker and controller) of a local cluster until stopped; started by the cluster command.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--node-id", required = true, paramLabel = "N", description = "This node's id (1..size).")
    int nodeId;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "This node's data directory.")
    Path dataDir;

    @Option(names = "--kafka-port", required = true, paramLabel = "PORT", description = "Client port on 127.0.0.1.")
    int port;

    @Option(names = "--controller-port", required = true, paramLabel = "PORT", description = "Controller port on 127.0.0.1.")
    int controllerPort;

    @Option(names = "--voters", required = true, paramLabel = "ID@HOST:PORT,...", description = "Every node's controller address.")
    String voters;

    @Option(names = "--cluster-id", required = true, paramLabel = "ID", description = "The cluster id every node is formatted with.")
    String clusterId;

    @Option(names = "--size", required = true, paramLabel = "N", description = "How many nodes the cluster has.")
    int size;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Services services = new Services().withShutdownHook()) {
            EmbeddedKafkaBroker broker = services.add(new EmbeddedKafkaBroker(dataDir, port,
                    new EmbeddedKafkaBroker.ClusterMember(nodeId, controllerPort, voters, clusterId, size)));
            broker.start();
            out.printf("Kafka node %d listening at %s (data in %s)%n", nodeId, broker.bootstrapServers(), broker.logDir());
            out.flush();
            services.awaitStop();
            return 0;
        }
    }
}

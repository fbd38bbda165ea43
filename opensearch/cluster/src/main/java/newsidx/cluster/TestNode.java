package newsidx.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One node of newsidx's three-node test cluster, in a JVM of its own so
 * that a fault test can SIGKILL it alone.
 *
 * <p>A distribution would find its modules in a folder of jars; here they
 * are on the classpath, and the server's constructor that takes classpath
 * plugins is protected, hence the subclass. Everything else is the stock
 * server: the same HTTP API, transport, discovery and analysis code.
 *
 * <p>Usage: {@code TestNode NUMBER ROOT HTTP_BASE TRANSPORT_BASE COUNT}.
 * Node N listens on HTTP_BASE+N-1 and TRANSPORT_BASE+N-1 on 127.0.0.1 and
 * keeps its data under ROOT/node-N.
 */
public final class TestNode extends Node {

    private TestNode(Environment environment) {
        super(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: TestNode NUMBER ROOT HTTP_BASE TRANSPORT_BASE COUNT");
            System.exit(2);
        }
        int number = Integer.parseInt(args[0]);
        Path root = Path.of(args[1]).toAbsolutePath();
        int httpBase = Integer.parseInt(args[2]);
        int transportBase = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);

        Path home = root.resolve("node-" + number);
        // The plugin scan reads these folders; empty, they add nothing.
        Files.createDirectories(home.resolve("modules"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("config"));

        StringBuilder seeds = new StringBuilder();
        StringBuilder managers = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            if (i > 1) {
                seeds.append(',');
                managers.append(',');
            }
            seeds.append("127.0.0.1:").append(transportBase + i - 1);
            managers.append("node-").append(i);
        }

        Settings settings = Settings.builder()
            .put("cluster.name", "newsidx-test")
            .put("node.name", "node-" + number)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", httpBase + number - 1)
            .put("transport.port", transportBase + number - 1)
            .put("discovery.seed_hosts", seeds.toString())
            // Read only when the cluster first forms; a restarted node
            // finds its cluster in its data folder instead.
            .put("cluster.initial_cluster_manager_nodes", managers.toString())
            // The test machine's disk is shared with builds: a full disk
            // should fail a write loudly, not quietly unassign replicas.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false)
            .build();

        // The server's own log (cluster formation, shard recovery, faults)
        // goes to stdout, which the script sends to target/opensearch/node-N.log.
        Files.writeString(home.resolve("config").resolve("log4j2.properties"), String.join("\n",
            "status = error",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name] %m%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.console.ref = console",
            ""));
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), home.resolve("config"), () -> "node-" + number);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("node-" + number);
        LogConfigurator.configure(environment);
        TestNode node = new TestNode(environment);

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (the script's `stop`) closes the node so that it leaves the
        // cluster and flushes its shards; SIGKILL (`kill N`) skips all this,
        // which is the point of the fault tests.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "newsidx-node-shutdown"));

        node.start();
        System.out.println("newsidx test node " + number + " started");
        stopped.await();
    }
}

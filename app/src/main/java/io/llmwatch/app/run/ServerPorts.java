package io.llmwatch.app.run;

import picocli.CommandLine.Option;

/** The address and ports {@code run} and {@code demo} listen on; port 0 picks a free one. */
public final class ServerPorts {

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = {"address the collector and query API listen on (default: ${DEFAULT-VALUE}, this machine only;",
                    "0.0.0.0 for every interface, e.g. in a container: set collector API keys first)"})
    public String bind;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "port of the embedded broker (default: ${DEFAULT-VALUE})")
    public int kafka;

    @Option(names = "--collector-port", defaultValue = "8080", description = "HTTP port of the collector (default: ${DEFAULT-VALUE})")
    public int collector;

    @Option(names = "--query-port", defaultValue = "8081", description = "HTTP port of the query API (default: ${DEFAULT-VALUE})")
    public int query;

    @Option(names = "--management-port", defaultValue = "8082",
            description = {"HTTP port of /healthz, /readyz and /metrics when neither the collector nor the query API",
                    "runs in this process, e.g. run scorer (default: ${DEFAULT-VALUE}; 0 = none)"})
    public int management;
}

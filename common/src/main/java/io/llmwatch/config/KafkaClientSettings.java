package io.llmwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How every Kafka client of llmwatch reaches the cluster: producers, consumers, admin clients and
 * Kafka Streams alike are built from one of these, so that a secured cluster (SASL, SSL, OAuth,
 * MSK IAM) needs its settings written once.
 *
 * <p>The client properties are standard Kafka client properties. They come from the {@code kafka:}
 * map of {@code llmwatch.yaml}, then from a properties file given with {@code --kafka-config} (as
 * Kafka's own tools take {@code --command-config}), the file winning. A value may name an
 * environment variable as {@code ${NAME}}, so secrets stay out of files; Kafka's own config
 * providers ({@code ${env:NAME}}, {@code ${file:...}}) work too, as they are left alone here.
 * They are applied on top of llmwatch's own settings of each client: whoever sets one owns it.
 *
 * <p>{@link #toString()} shows the keys but only the values of {@link #SHOWN} keys, so that a
 * password or JAAS config never reaches a log; Kafka's own config dump hides them as well.
 *
 * @param bootstrapServers where the cluster is, e.g. {@code broker-1:9092,broker-2:9092}
 * @param properties       client properties applied to every client
 * @param topics           topic prefix, replication factor and application-id prefix
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, String> properties, TopicsConfig topics) {

    /** The environment variable read when {@code --bootstrap-servers} is not given. */
    public static final String BOOTSTRAP_ENV = "LLMWATCH_BOOTSTRAP_SERVERS";
    /** Values printed as they are; every other value is shown as {@value #HIDDEN}. */
    static final Set<String> SHOWN = Set.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "sasl.mechanism",
            CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, "ssl.endpoint.identification.algorithm");
    static final String HIDDEN = "[hidden]";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public KafkaClientSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required");
        }
        properties = Map.copyOf(properties == null ? Map.of() : properties);
        topics = topics == null ? TopicsConfig.DEFAULT : topics;
    }

    /** A plaintext cluster with nothing else configured (the embedded broker, tests). */
    public static KafkaClientSettings of(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of(), TopicsConfig.DEFAULT);
    }

    /**
     * The settings of a command or component.
     *
     * @param bootstrapOption   {@code --bootstrap-servers}, or null
     * @param propertiesFile    {@code --kafka-config}, or null
     * @param config            llmwatch.yaml: its {@code kafka:} map and {@code topics:} section
     * @param env               the environment, for {@value #BOOTSTRAP_ENV} and {@code ${NAME}} values
     * @param defaultBootstrap  used when neither the option, the environment nor the properties name
     *                          a cluster; null = return null (the caller embeds a broker)
     * @throws IllegalArgumentException naming the file or the variable that is missing
     */
    public static KafkaClientSettings resolve(String bootstrapOption, Path propertiesFile, LlmwatchConfig config,
                                              Function<String, String> env, String defaultBootstrap) {
        Map<String, String> props = new LinkedHashMap<>(config.kafka());
        if (propertiesFile != null) {
            props.putAll(readProperties(propertiesFile));
        }
        Map<String, String> expanded = new TreeMap<>();
        props.forEach((key, value) -> expanded.put(key, expand(key, value, env)));
        String fromProps = expanded.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String bootstrap = firstNonBlank(bootstrapOption, env.apply(BOOTSTRAP_ENV), fromProps, defaultBootstrap);
        return bootstrap == null ? null : new KafkaClientSettings(bootstrap, expanded, config.topics());
    }

    /**
     * The configuration of a producer, consumer or admin client: the bootstrap servers, the
     * client's own settings, then {@link #properties()} on top.
     */
    public Map<String, Object> clientConfig(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>(own);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(properties);
        return config;
    }

    /** An admin client's configuration. */
    public Map<String, Object> adminConfig() {
        return clientConfig(Map.of());
    }

    /**
     * A Kafka Streams configuration: {@code base} with the bootstrap servers, the prefixed
     * application id, the replication factor of internal topics, then {@link #properties()}
     * (Streams hands them on to its producers, consumers and admin client).
     */
    public Properties streamsConfig(String applicationId, Properties base) {
        Properties props = new Properties();
        props.putAll(base);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(applicationId));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        topics.replication().ifPresent(r -> props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) r));
        props.putAll(properties);
        return props;
    }

    /** {@code name} with the application-id prefix: a Streams application id or a consumer group id. */
    public String applicationId(String name) {
        return topics.applicationIdPrefix() + name;
    }

    @Override
    public String toString() {
        String shown = properties.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + (SHOWN.contains(e.getKey()) ? e.getValue() : HIDDEN))
                .collect(Collectors.joining(", "));
        return bootstrapServers + (shown.isEmpty() ? "" : " (" + shown + ")");
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-config: cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
        return map;
    }

    /** Replaces each {@code ${NAME}} by the variable's value; an unset variable is an error naming it. */
    static String expand(String key, String value, Function<String, String> env) {
        if (value == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = env.apply(m.group(1));
            if (resolved == null) {
                throw new IllegalArgumentException("Kafka client property " + key + " names the environment variable "
                        + m.group(1) + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}

package io.llmwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a live {@code provider/<name>} entry of {@code llmwatch.control} may name, from the config
 * file's {@code providers_allow}:
 *
 * <pre>
 * providers_allow:
 *   hosts: [api.openai.com, api.groq.com, "127.0.0.1:8000"]   # a host (any port) or host:port
 *   key_envs: [OPENAI_API_KEY, GROQ_API_KEY]
 * </pre>
 *
 * <p>Whoever can write to the control topic could otherwise point a provider at any URL with
 * {@code api_key_env} naming any variable of the server, and have the collector or the replay
 * worker send that secret along as a Bearer token. Without {@code providers_allow}, the hosts and key
 * variables of the file's own {@code providers} are the allow-list. Variables named
 * {@code LLMWATCH_*} hold llmwatch's own secrets (ingest keys) and are never sent to a provider.
 *
 * @param hosts   hosts a live entry's {@code base_url} may point at: {@code host} or {@code host:port}
 * @param keyEnvs environment variables a live entry's {@code api_key_env} may name
 */
public record ProvidersAllow(List<String> hosts, List<String> keyEnvs) {

    private static final Logger LOG = LoggerFactory.getLogger(ProvidersAllow.class);
    private static final String OWN_SECRETS = "LLMWATCH_";

    public ProvidersAllow {
        hosts = hosts == null ? List.of() : hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        keyEnvs = keyEnvs == null ? List.of() : List.copyOf(keyEnvs);
    }

    /** The hosts ({@code host:port}) and key variables of the file's providers. */
    public static ProvidersAllow of(Map<String, ProviderConfig> providers) {
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        providers.values().forEach(provider -> {
            hostAndPort(provider.baseUrl()).ifPresent(hosts::add);
            if (provider.apiKeyEnv() != null) {
                keys.add(provider.apiKeyEnv());
            }
        });
        return new ProvidersAllow(new ArrayList<>(hosts), new ArrayList<>(keys));
    }

    /**
     * The provider a live entry configures, when it is a valid provider config within this
     * allow-list; otherwise empty, with the reason logged (hosts and variable names only: never a
     * key, a URL's user info or its query).
     *
     * @param key   the control key, {@code provider/<name>}
     * @param value its JSON value
     */
    public Optional<ProviderConfig> admit(String key, JsonNode value) {
        ProviderConfig config;
        try {
            config = Json.mapper().treeToValue(value, ProviderConfig.class);
        } catch (Exception e) {
            LOG.warn("ignoring control entry {}: not a provider config ({})", key, e.getClass().getSimpleName());
            return Optional.empty();
        }
        List<FieldError> errors = new ArrayList<>(config.validate(key));
        if (errors.isEmpty()) {
            errors.addAll(check(key, config));
        }
        if (!errors.isEmpty()) {
            LOG.warn("ignoring control entry {}: {}", key, errors);
            return Optional.empty();
        }
        return Optional.of(config);
    }

    /** Why a live provider is not allowed; empty when it is. */
    public List<FieldError> check(String path, ProviderConfig provider) {
        Optional<String> target = hostAndPort(provider.baseUrl());
        String env = provider.apiKeyEnv();
        return new Checks()
                .check(target.isPresent(), path + ".base_url", "is not an http(s) URL with a host")
                .check(target.isEmpty() || allowsHost(target.get()), path + ".base_url",
                        "points at " + target.orElse("?") + ", which is not in providers_allow.hosts")
                .check(env == null || !env.startsWith(OWN_SECRETS), path + ".api_key_env",
                        "names " + env + ": llmwatch's own secrets are never sent to a provider")
                .check(env == null || env.startsWith(OWN_SECRETS) || keyEnvs.contains(env), path + ".api_key_env",
                        "names " + env + ", which is not in providers_allow.key_envs")
                .errors();
    }

    /** Field errors of the file's own section, each prefixed with {@code path}. */
    public List<FieldError> validate(String path) {
        return new Checks()
                .check(keyEnvs.stream().noneMatch(env -> env == null || env.startsWith(OWN_SECRETS)),
                        path + ".key_envs", "must not name LLMWATCH_* variables: they hold llmwatch's own secrets")
                .check(hosts.stream().noneMatch(host -> host == null || host.isBlank() || host.contains("/")),
                        path + ".hosts", "must be host or host:port, without a scheme or path")
                .errors();
    }

    private boolean allowsHost(String hostAndPort) {
        String host = hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
        return hosts.contains(hostAndPort) || hosts.contains(host);
    }

    /** {@code host:port} of an http(s) URL, the port defaulted by scheme; empty when it is none. */
    static Optional<String> hostAndPort(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return Optional.empty();
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}

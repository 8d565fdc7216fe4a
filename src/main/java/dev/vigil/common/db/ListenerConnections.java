package dev.vigil.common.db;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.pgclient.PgConnectOptions;

/** Connection details for the dedicated LISTEN connections, from the reactive datasource settings. */
@ApplicationScoped
public class ListenerConnections {

    private final PgConnectOptions options;

    public ListenerConnections(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
    }

    /** A fresh copy, named for metrics after the listener that uses it. */
    public PgConnectOptions forListener(String name) {
        return new PgConnectOptions(options).setMetricsName(name);
    }
}

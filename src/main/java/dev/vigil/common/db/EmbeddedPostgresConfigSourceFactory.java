package dev.vigil.common.db;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Zero-setup database: when no datasource URL is configured, starts a real PostgreSQL server from
 * the embedded binaries and points both the reactive and the JDBC (Flyway) URL at it.
 *
 * <p>The server is private (a generated password, loopback only) and, for the packaged application,
 * durable and stopped only after the application: see {@link EmbeddedPostgres}.
 *
 * <p>With {@code quarkus.datasource.reactive.url} set (property, environment or profile), this
 * factory contributes nothing and no server starts. Nothing starts during the build either, only
 * when the application itself initialises, and never in a native executable (which must be given a
 * database).
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String ENABLED = "vigil.embedded-postgres.enabled";
    static final String DATA_DIR = "vigil.embedded-postgres.data-dir";

    /** Below application.properties (250) and everything else: any configured value wins. */
    private static final int ORDINAL = 50;
    /** Quarkus's pool size when none is configured. */
    private static final int DEFAULT_POOL_SIZE = 20;
    /** Beyond the pools: the LISTEN connections (three) and an operator's psql or pg_dump. */
    private static final int SPARE_CONNECTIONS = 10;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (ExecutionMode.current() == ExecutionMode.UNSET || value(context, REACTIVE_URL) != null) {
            return List.of();
        }
        if (ImageMode.current() == ImageMode.NATIVE_RUN || "false".equalsIgnoreCase(value(context, ENABLED))) {
            throw new IllegalStateException("No database configured: set quarkus.datasource.reactive.url and"
                    + " quarkus.datasource.jdbc.url (and username/password), or allow the embedded PostgreSQL"
                    + " (not available in a native executable) with " + ENABLED + "=true");
        }
        // The packaged application keeps real data: durable writes, and the server outlives the
        // application's own shutdown. Dev mode and tests restart the application inside one JVM, and
        // the connections of the stopped instance may still be closing while the next one opens its
        // own: room for both.
        boolean production = !LaunchMode.current().isDevOrTest();
        int pools = intValue(context, "quarkus.datasource.reactive.max-size", DEFAULT_POOL_SIZE)
                + intValue(context, "quarkus.datasource.jdbc.max-size", DEFAULT_POOL_SIZE);
        EmbeddedPostgres.Settings settings = new EmbeddedPostgres.Settings(production,
                (production ? pools : 2 * pools) + SPARE_CONNECTIONS);
        EmbeddedPostgres.Server server = EmbeddedPostgres.start(value(context, DATA_DIR), settings, production);
        Map<String, String> properties = Map.of(
                REACTIVE_URL, server.reactiveUrl(),
                "quarkus.datasource.jdbc.url", server.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedPostgres.USER,
                "quarkus.datasource.password", server.password());
        return List.of(new PropertiesConfigSource(properties, "vigil-embedded-postgres", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static int intValue(ConfigSourceContext context, String name, int defaultValue) {
        String value = value(context, name);
        try {
            return value == null ? defaultValue : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}

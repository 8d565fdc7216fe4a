package dev.vigil.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records security events in {@code security_events} and as one line each in the {@value #LOG_CATEGORY}
 * log category ({@code event=... outcome=... user=... actor=... ip=... at=... detail=...}, every key
 * always present, {@code null} when unknown). {@link #record} joins the caller's transaction, so the event exists exactly when the
 * change it describes committed. {@link #recordAlone} commits on a connection of its own, for failures
 * (a wrong password, a reused token) whose surrounding work is rolled back or never starts.
 */
@ApplicationScoped
public class SecurityEvents {

    public static final String LOG_CATEGORY = "vigil.audit";

    private static final Logger LOG = Logger.getLogger(LOG_CATEGORY);

    private static final String INSERT = "INSERT INTO security_events (id, type, user_id, actor_id, outcome, ip, user_agent, detail, at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    // The inner cast makes the parameter text: a string bound straight to jsonb would be stored as a JSON string.
    private static final String INSERT_IN_SESSION = "INSERT INTO security_events"
            + " (id, type, user_id, actor_id, outcome, ip, user_agent, detail, at)"
            + " VALUES (:id, :type, :user, :actor, :outcome, :ip, :agent, CAST(CAST(:detail AS text) AS jsonb), :at)";

    /** Many events in one statement: {@code :rows} is a JSON array of the columns above. */
    private static final String INSERT_ALL_IN_SESSION = """
            INSERT INTO security_events (id, type, user_id, actor_id, outcome, ip, user_agent, detail, at)
            SELECT id, type, user_id, actor_id, outcome, ip, user_agent, detail, at
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(id uuid, type text, user_id uuid,
                 actor_id uuid, outcome text, ip text, user_agent text, detail jsonb, at timestamptz)""";

    private static final String PAGE_OF_USER = "SELECT id, type, at, ip, user_agent, CAST(detail AS text) AS detail FROM security_events"
            + " WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3";

    private static final String COUNT_OF_USER = "SELECT count(*) FROM security_events WHERE user_id = $1";

    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;
    private final Clock clock;

    public SecurityEvents(Pool pool, ObjectMapper json, Clock clock) {
        this.pool = pool;
        this.json = json;
        this.clock = clock;
    }

    /** Records the event in the caller's Hibernate Reactive transaction (call it inside one). */
    public Uni<Void> record(SecurityEvent event) {
        UUID id = UUID.randomUUID();
        Instant at = clock.instant();
        String detail = detailJson(event);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_IN_SESSION)
                .setParameter("id", id)
                .setParameter("type", event.type().wire())
                .setParameter("user", event.userId())
                .setParameter("actor", event.actorId())
                .setParameter("outcome", event.outcome())
                .setParameter("ip", event.client().ip())
                .setParameter("agent", event.client().userAgent())
                .setParameter("detail", detail)
                .setParameter("at", at)
                .executeUpdate())
                .invoke(() -> log(event, at))
                .replaceWithVoid();
    }

    /** Like {@link #record}, for many events with one statement (a scan batch); joins the caller's transaction. */
    public Uni<Void> recordAll(List<SecurityEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant at = clock.instant();
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        for (SecurityEvent event : events) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", UUID.randomUUID().toString());
            row.put("type", event.type().wire());
            row.put("user_id", event.userId() == null ? null : event.userId().toString());
            row.put("actor_id", event.actorId() == null ? null : event.actorId().toString());
            row.put("outcome", event.outcome());
            row.put("ip", event.client().ip());
            row.put("user_agent", event.client().userAgent());
            row.put("detail", event.detail());
            row.put("at", at.toString());
            rows.add(row);
        }
        String json = rowsJson(rows);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_ALL_IN_SESSION)
                .setParameter("rows", json)
                .executeUpdate())
                .invoke(() -> events.forEach(event -> log(event, at)))
                .replaceWithVoid();
    }

    /** Records the event on its own connection: it stays whatever happens to any other transaction. */
    public Uni<Void> recordAlone(SecurityEvent event) {
        Instant at = clock.instant();
        Tuple row = Tuple.tuple()
                .addUUID(UUID.randomUUID())
                .addString(event.type().wire())
                .addUUID(event.userId())
                .addUUID(event.actorId())
                .addString(event.outcome())
                .addString(event.client().ip())
                .addString(event.client().userAgent())
                .addValue(new JsonObject(detailJson(event)))
                .addOffsetDateTime(at.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(INSERT).execute(row)
                .invoke(() -> log(event, at))
                .replaceWithVoid();
    }

    /** The user's events, newest first. */
    public Uni<Page<SecurityEventResponse>> pageOf(UUID userId, PageParams params) {
        Uni<Long> total = pool.preparedQuery(COUNT_OF_USER).execute(Tuple.of(userId))
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<SecurityEventResponse>> items = pool.preparedQuery(PAGE_OF_USER)
                .execute(Tuple.of(userId, params.size, params.offset()))
                .map(rows -> {
                    List<SecurityEventResponse> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(new SecurityEventResponse(row.getUUID("id"), row.getString("type"),
                                row.getOffsetDateTime("at").toInstant(), row.getString("ip"), row.getString("user_agent"),
                                readDetail(row.getString("detail"))));
                    }
                    return list;
                });
        return Uni.combine().all().unis(items, total).asTuple()
                .map(both -> Page.of(both.getItem1(), params, both.getItem2()));
    }

    /**
     * Events of every user for administrators, newest first; each filter is optional ({@code null}).
     * Served by the (user_id, at), (type, at) and (at) indexes.
     */
    public Uni<Page<AdminSecurityEventResponse>> search(UUID userId, SecurityEventType type, Instant since,
            PageParams params) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (userId != null) {
            args.add(userId);
            where.add("user_id = $" + args.size());
        }
        if (type != null) {
            args.add(type.wire());
            where.add("type = $" + args.size());
        }
        if (since != null) {
            args.add(since.atOffset(ZoneOffset.UTC));
            where.add("at >= $" + args.size());
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(params.size);
        pageArgs.add(params.offset());
        Uni<List<AdminSecurityEventResponse>> items = pool.preparedQuery("SELECT id, type, at, user_id, actor_id, outcome,"
                + " ip, user_agent, CAST(detail AS text) AS detail FROM security_events" + filter
                + " ORDER BY at DESC, id DESC LIMIT $" + (args.size() + 1) + " OFFSET $" + (args.size() + 2))
                .execute(Tuple.from(pageArgs))
                .map(rows -> {
                    List<AdminSecurityEventResponse> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(new AdminSecurityEventResponse(row.getUUID("id"), row.getString("type"),
                                row.getOffsetDateTime("at").toInstant(), row.getUUID("user_id"), row.getUUID("actor_id"),
                                row.getString("outcome"), row.getString("ip"), row.getString("user_agent"),
                                readDetail(row.getString("detail"))));
                    }
                    return list;
                });
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM security_events" + filter).execute(Tuple.from(args))
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).asTuple()
                .map(both -> Page.of(both.getItem1(), params, both.getItem2()));
    }

    private Map<String, Object> readDetail(String text) {
        try {
            return json.readValue(text, DETAIL);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored security event detail is not a JSON object", e);
        }
    }

    private String rowsJson(List<Map<String, Object>> rows) {
        try {
            return json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("security event detail is not JSON-serializable", e);
        }
    }

    private String detailJson(SecurityEvent event) {
        try {
            return json.writeValueAsString(event.detail());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("security event detail is not JSON-serializable", e);
        }
    }

    private static void log(SecurityEvent event, Instant at) {
        LOG.infof("event=%s outcome=%s user=%s actor=%s ip=%s at=%s detail=%s", event.type().wire(), event.outcome(),
                event.userId(), event.actorId(), event.client().ip(), at, oneLine(event.detail().toString()));
    }

    /** The log is line-oriented; a value from a client must not be able to forge a second line. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}

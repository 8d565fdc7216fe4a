package dev.vigil.admin;

import static dev.vigil.common.db.Rows.instant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.account.AccountResponse;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The admin reads: the searchable user list and one user's detail, as SQL projections over the
 * users and accounts tables (read-only, like the user feature's ProfileReader; every write goes
 * through the owning feature's service). The search expression matches the trigram index of V9.
 */
@ApplicationScoped
class AdminUserQueries {

    /** {@code sort} values and the ORDER BY each means; anything else is 400. */
    static final Map<String, String> SORTS = Map.of(
            "created_at", "u.created_at ASC, u.id",
            "-created_at", "u.created_at DESC, u.id",
            "username", "u.username ASC",
            "-username", "u.username DESC",
            "last_login_at", "u.last_login_at ASC NULLS FIRST, u.id",
            "-last_login_at", "u.last_login_at DESC NULLS LAST, u.id");

    private static final String SEARCH_TEXT = "lower(u.username || ' ' || u.email || ' ' || coalesce(u.display_name, ''))";

    private static final String DETAIL = """
            SELECT u.id, u.username, u.email, u.pending_email, u.email_verified, u.display_name, u.phone, u.timezone,
                   u.preferred_contact_method, u.roles, u.created_at, u.updated_at, u.last_login_at,
                   u.failed_attempts, u.locked_until, u.banned_at, u.banned_until, u.ban_reason,
                   a.id AS account_id, a.subscription_type, a.subscription_start_date, a.subscription_end_date,
                   a.bill_renew_date, a.auto_renewal, a.account_status, a.account_status_reason,
                   a.cancellation_date, a.cancellation_reason, a.created_at AS account_created_at,
                   a.updated_at AS account_updated_at, a.referral_code, a.referred_by, r.username AS referred_by_username
            FROM users u JOIN accounts a ON a.user_id = u.id LEFT JOIN users r ON r.id = a.referred_by
            WHERE u.id = $1
            """;

    private final Pool pool;

    AdminUserQueries(Pool pool) {
        this.pool = pool;
    }

    /** A page of users matching {@code filter}, ordered by {@code filter.sort()} (already checked). */
    Uni<Page<AdminUserSummary>> search(UserFilter filter, PageParams page) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (filter.q() != null) {
            args.add("%" + escapeLike(filter.q().toLowerCase(Locale.ROOT)) + "%");
            where.add(SEARCH_TEXT + " LIKE $" + args.size());
        }
        if (filter.status() != null) {
            args.add(filter.status());
            where.add("a.account_status = $" + args.size());
        }
        if (filter.role() != null) {
            args.add("%," + filter.role() + ",%");
            where.add("(',' || u.roles || ',') LIKE $" + args.size());
        }
        if (filter.verified() != null) {
            args.add(filter.verified());
            where.add("u.email_verified = $" + args.size());
        }
        if (filter.tier() != null) {
            args.add(filter.tier());
            where.add("a.subscription_type = $" + args.size());
        }
        String from = " FROM users u JOIN accounts a ON a.user_id = u.id"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(page.size);
        pageArgs.add(page.offset());
        String select = "SELECT u.id, u.username, u.email, u.display_name, u.email_verified, u.roles, a.account_status,"
                + " a.subscription_type, u.created_at, u.last_login_at, u.locked_until, u.banned_at, u.banned_until"
                + from + " ORDER BY " + SORTS.get(filter.sort())
                + " LIMIT $" + (args.size() + 1) + " OFFSET $" + (args.size() + 2);
        Uni<List<AdminUserSummary>> items = pool.preparedQuery(select).execute(Tuple.from(pageArgs))
                .map(rows -> {
                    List<AdminUserSummary> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(summary(row));
                    }
                    return list;
                });
        Uni<Long> total = pool.preparedQuery("SELECT count(*)" + from).execute(Tuple.from(args))
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).asTuple()
                .map(both -> Page.of(both.getItem1(), page, both.getItem2()));
    }

    /** One user with everything administrators see but the check-in state, or null. */
    Uni<AdminUserDetail> detail(UUID userId) {
        return pool.preparedQuery(DETAIL).execute(Tuple.of(userId))
                .map(rows -> rows.iterator().hasNext() ? detail(rows.iterator().next()) : null);
    }

    private static AdminUserSummary summary(Row row) {
        return new AdminUserSummary(row.getUUID("id"), row.getString("username"), row.getString("email"),
                row.getString("display_name"), row.getBoolean("email_verified"), roles(row),
                row.getString("account_status"), row.getString("subscription_type"), instant(row, "created_at"),
                instant(row, "last_login_at"), instant(row, "locked_until"), instant(row, "banned_until"),
                row.getOffsetDateTime("banned_at") != null);
    }

    private static AdminUserDetail detail(Row row) {
        AccountResponse account = AccountResponse.of(row);
        return new AdminUserDetail(row.getUUID("id"), row.getString("username"), row.getString("email"),
                row.getString("pending_email"), row.getBoolean("email_verified"), row.getString("display_name"),
                row.getString("phone"), row.getString("timezone"), row.getString("preferred_contact_method"),
                roles(row), row.getString("referral_code"), row.getUUID("referred_by"),
                row.getString("referred_by_username"), instant(row, "created_at"), instant(row, "updated_at"),
                instant(row, "last_login_at"), account, null, row.getInteger("failed_attempts"),
                instant(row, "locked_until"), instant(row, "banned_at"), instant(row, "banned_until"),
                row.getString("ban_reason"));
    }

    private static List<String> roles(Row row) {
        return Arrays.asList(row.getString("roles").split(","));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

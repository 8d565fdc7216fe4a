package dev.vigil.user;

import static dev.vigil.common.db.Rows.instant;

import java.util.Arrays;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.account.AccountResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The read behind the hottest endpoint, {@code GET /api/v1/me} (a user with their account), as a
 * single SQL statement on the reactive pool instead of Hibernate entity loads. Profiling showed the
 * two entity reads of {@code /me} costing more CPU than everything else in the request. This is a read-only projection that joins the account feature's
 * table on purpose; every write still goes through that feature's service.
 */
@ApplicationScoped
class ProfileReader {

    private static final String USER_WITH_ACCOUNT = """
            SELECT u.id, u.username, u.email, u.pending_email, u.email_verified, u.display_name, u.phone, u.timezone,
                   u.preferred_contact_method, u.roles, u.created_at, u.updated_at, u.last_login_at,
                   a.id AS account_id, a.subscription_type, a.subscription_start_date, a.subscription_end_date,
                   a.bill_renew_date, a.auto_renewal, a.account_status, a.account_status_reason,
                   a.cancellation_date, a.cancellation_reason, a.created_at AS account_created_at,
                   a.updated_at AS account_updated_at,
                   EXISTS (SELECT 1 FROM totp_credentials t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)
                       AS mfa_enabled, a.referral_code
            FROM users u JOIN accounts a ON a.user_id = u.id
            """;

    private final PreparedQuery<RowSet<Row>> byId;

    ProfileReader(Pool pool) {
        this.byId = pool.preparedQuery(USER_WITH_ACCOUNT + " WHERE u.id = $1");
    }

    /** The user with their account, or null. */
    Uni<UserResponse> user(UUID userId) {
        return byId.execute(Tuple.of(userId))
                .map(rows -> rows.iterator().hasNext() ? toResponse(rows.iterator().next()) : null);
    }

    private static UserResponse toResponse(Row row) {
        AccountResponse account = AccountResponse.of(row);
        return new UserResponse(row.getUUID("id"), row.getString("username"), row.getString("email"),
                row.getString("pending_email"), row.getBoolean("email_verified"), row.getString("display_name"),
                row.getString("phone"), row.getString("timezone"), row.getString("preferred_contact_method"),
                Arrays.asList(row.getString("roles").split(",")), row.getString("referral_code"),
                row.getBoolean("mfa_enabled"), instant(row, "created_at"),
                instant(row, "updated_at"), instant(row, "last_login_at"), account);
    }
}

package dev.vigil.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.account.AccountChanges;
import dev.vigil.account.AccountStatus;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.FieldError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.patch.Change;

/**
 * Reads a {@code PATCH /api/v1/me} body. Absent members stay unchanged, {@code null} clears where
 * clearing makes sense, and any read-only, unknown or ill-typed member fails the whole request
 * (listing every problem) before anything is changed.
 */
final class ProfilePatchParser {

    private static final Set<String> USER_FIELDS = Set.of("display_name", "phone", "timezone",
            "preferred_contact_method", "email", "current_password", "account");
    private static final Set<String> USER_READ_ONLY = Set.of("id", "username", "pending_email", "email_verified",
            "roles", "mfa_enabled", "created_at", "updated_at", "last_login_at");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("auto_renewal", "account_status",
            "account_status_reason", "cancellation_reason");
    private static final Set<String> ACCOUNT_READ_ONLY = Set.of("id", "subscription_type", "subscription_start_date",
            "subscription_end_date", "bill_renew_date", "cancellation_date", "created_at", "updated_at");

    private final List<FieldError> errors = new ArrayList<>();

    private ProfilePatchParser() {
    }

    static ProfileChanges parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new VigilException(CommonError.MALFORMED_REQUEST, "The body must be a JSON object");
        }
        return new ProfilePatchParser().read(body);
    }

    private ProfileChanges read(JsonNode body) {
        checkNames(body, "", USER_FIELDS, USER_READ_ONLY);
        Change<String> email = text(body, "", "email", false, IdentityRules::email);
        Change<String> currentPassword = text(body, "", "current_password", false, value -> null);
        if (body.has("email") && !body.has("current_password")) {
            errors.add(new FieldError("current_password", "is required to change the email address"));
        } else if (!body.has("email") && body.has("current_password")) {
            errors.add(new FieldError("current_password", "is only taken together with a new email address"));
        }
        ProfileChanges changes = new ProfileChanges(
                text(body, "", "display_name", true, IdentityRules::displayName),
                text(body, "", "phone", true, IdentityRules::phone),
                text(body, "", "timezone", false, IdentityRules::timezone),
                text(body, "", "preferred_contact_method", false, IdentityRules::contactMethod),
                email,
                currentPassword == null ? null : currentPassword.value(),
                account(body.get("account")));
        if (!errors.isEmpty()) {
            throw new VigilException(CommonError.VALIDATION_FAILED, "The request is not valid", errors);
        }
        return changes;
    }

    private AccountChanges account(JsonNode account) {
        if (account == null) {
            return new AccountChanges(null, null, null, null);
        }
        if (!account.isObject()) {
            errors.add(new FieldError("account", "must be an object"));
            return new AccountChanges(null, null, null, null);
        }
        checkNames(account, "account.", ACCOUNT_FIELDS, ACCOUNT_READ_ONLY);
        Change<Boolean> autoRenewal = null;
        JsonNode renewal = account.get("auto_renewal");
        if (renewal != null) {
            if (renewal.isBoolean()) {
                autoRenewal = new Change<>(renewal.booleanValue());
            } else {
                errors.add(new FieldError("account.auto_renewal", "must be true or false"));
            }
        }
        Change<AccountStatus> status = null;
        Change<String> statusText = text(account, "account.", "account_status", false, value -> AccountStatus.fromWire(value)
                .isPresent() ? null : "must be one of: active, paused, cancelled, fulfilled");
        if (statusText != null && statusText.value() != null) {
            status = AccountStatus.fromWire(statusText.value()).map(Change::new).orElse(null);
        }
        return new AccountChanges(autoRenewal, status,
                text(account, "account.", "account_status_reason", true, IdentityRules::reason),
                text(account, "account.", "cancellation_reason", true, IdentityRules::reason));
    }

    /** A text member: absent → null; present → checked; {@code null} allowed only when nullable. */
    private Change<String> text(JsonNode body, String prefix, String name, boolean nullable,
            Function<String, String> rule) {
        JsonNode value = body.get(name);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            if (nullable) {
                return new Change<>(null);
            }
            errors.add(new FieldError(prefix + name, "must not be null"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(prefix + name, "must be a string"));
            return null;
        }
        String problem = rule.apply(value.textValue());
        if (problem != null) {
            errors.add(new FieldError(prefix + name, problem));
            return null;
        }
        return new Change<>(value.textValue());
    }

    private void checkNames(JsonNode object, String prefix, Set<String> writable, Set<String> readOnly) {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            if (readOnly.contains(name)) {
                errors.add(new FieldError(prefix + name, "is read-only"));
            } else if (!writable.contains(name)) {
                errors.add(new FieldError(prefix + name, "unknown field"));
            }
        }
    }
}

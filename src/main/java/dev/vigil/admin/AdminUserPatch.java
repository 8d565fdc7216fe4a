package dev.vigil.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.account.AdminAccountChanges;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.FieldError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.patch.Change;

/**
 * The body of {@code PATCH /api/v1/admin/users/{id}}: {@code roles}, {@code email_verified} and
 * {@code account.subscription_type / subscription_end_date / bill_renew_date}. Any other field is
 * 400 naming it, and nothing changes. A {@code null} member is absent.
 */
record AdminUserPatch(Set<String> roles, Boolean emailVerified, AdminAccountChanges account) {

    static final Set<String> ROLES = Set.of("user", "admin", "superuser");
    static final Set<String> TIERS = Set.of("free", "basic", "premium");

    static AdminUserPatch parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw VigilException.invalidField("body", "must be a JSON object");
        }
        Set<String> roles = null;
        Boolean emailVerified = null;
        AdminAccountChanges account = AdminAccountChanges.NONE;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "roles" -> roles = roles(value, errors);
                case "email_verified" -> {
                    if (value.isBoolean()) {
                        emailVerified = value.booleanValue();
                    } else {
                        errors.add(new FieldError("email_verified", "must be true or false"));
                    }
                }
                case "account" -> account = account(value, errors);
                default -> errors.add(new FieldError(field.getKey(), "cannot be changed here"));
            }
        }
        if (!errors.isEmpty()) {
            throw new VigilException(CommonError.VALIDATION_FAILED, "The request is not valid", errors);
        }
        return new AdminUserPatch(roles, emailVerified, account);
    }

    private static Set<String> roles(JsonNode value, List<FieldError> errors) {
        if (!value.isArray()) {
            errors.add(new FieldError("roles", "must be a list of roles"));
            return null;
        }
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode role : value) {
            if (!role.isTextual() || !ROLES.contains(role.textValue())) {
                errors.add(new FieldError("roles", "each role must be one of user, admin, superuser"));
                return null;
            }
            roles.add(role.textValue());
        }
        if (!roles.contains("user")) {
            errors.add(new FieldError("roles", "must include user"));
        } else if (roles.contains("superuser") && !roles.contains("admin")) {
            errors.add(new FieldError("roles", "superuser needs admin too"));
        }
        return roles;
    }

    private static AdminAccountChanges account(JsonNode value, List<FieldError> errors) {
        if (!value.isObject()) {
            errors.add(new FieldError("account", "must be an object"));
            return AdminAccountChanges.NONE;
        }
        Change<String> tier = null;
        Change<Instant> end = null;
        Change<Instant> renew = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = "account." + field.getKey();
            JsonNode node = field.getValue();
            switch (field.getKey()) {
                case "subscription_type" -> {
                    if (node.isTextual() && TIERS.contains(node.textValue())) {
                        tier = new Change<>(node.textValue());
                    } else {
                        errors.add(new FieldError(name, "must be one of free, basic, premium"));
                    }
                }
                case "subscription_end_date" -> end = instant(node, name, errors);
                case "bill_renew_date" -> renew = instant(node, name, errors);
                default -> errors.add(new FieldError(name, "cannot be changed here"));
            }
        }
        return new AdminAccountChanges(tier, end, renew);
    }

    private static Change<Instant> instant(JsonNode node, String name, List<FieldError> errors) {
        if (node.isNull()) {
            return new Change<>(null);
        }
        if (node.isTextual()) {
            try {
                return new Change<>(Instant.parse(node.textValue()).truncatedTo(ChronoUnit.MICROS));
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-21T09:00:00Z, or null"));
        return null;
    }
}

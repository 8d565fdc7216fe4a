package dev.vigil.common.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks an admin write: an admin who has set an admin PIN must send it in the {@value #HEADER}
 * header. A missing, wrong or locked PIN is one answer, 403 {@code admin-pin-required}, given before
 * the endpoint reads its body or looks anything up. Put it beside the endpoint's role check
 * ({@code @RolesAllowed}); the check runs after it, so only admins are counted. The filter that
 * enforces it lives in the {@code auth} feature, which owns the PIN.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface RequiresAdminPin {

    /** The request header that carries the PIN. */
    String HEADER = "X-Admin-Pin";

    /** How the OpenAPI document describes {@link #HEADER} on every endpoint that needs it. */
    String DESCRIPTION = "The acting admin's PIN, when they have set one (else ignored). Missing, wrong or locked:"
            + " 403 admin-pin-required";

    /**
     * Set to {@value #CHANGE_REQUIRED} on an admin write that a right PIN shorter than six digits
     * (set before PINs had to be 6 to 12 digits) let through: the admin should set a new one.
     */
    String CHANGE_HEADER = "X-Admin-Pin-Change";

    /** The value of {@link #CHANGE_HEADER}. */
    String CHANGE_REQUIRED = "required";
}

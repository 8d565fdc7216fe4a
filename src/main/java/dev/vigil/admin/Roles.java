package dev.vigil.admin;

/** The role names of the {@code groups} claim, for {@code @RolesAllowed}. */
public final class Roles {

    public static final String USER = "user";
    public static final String ADMIN = "admin";
    public static final String SUPERUSER = "superuser";

    private Roles() {
    }
}

package dev.vigil.admin;

/** The admin user list's filters, checked; {@code null} members do not filter. */
record UserFilter(String q, String status, String role, Boolean verified, String tier, String sort) {
}

package dev.vigil.admin;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;

import java.util.UUID;

import javax.sql.DataSource;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;

/** Test users with roles: registered through the API, verified and promoted in the database, logged in. */
final class Admins {

    /** A user with a role set and a token that carries it. */
    record Person(TestUser user, UUID id, String token) {
    }

    private Admins() {
    }

    static Person user(DataSource db) {
        return withRoles(db, "user");
    }

    static Person admin(DataSource db) {
        return withRoles(db, "user,admin");
    }

    static Person superuser(DataSource db) {
        return withRoles(db, "user,admin,superuser");
    }

    static Person withRoles(DataSource db, String roles) {
        TestUser user = registered();
        // Verified too: an unverified address is refused keys, MFA and the check-in, which these tests are not about.
        Db.update(db, "UPDATE users SET roles = ?, email_verified = true WHERE username = ?", roles, user.username());
        UUID id = (UUID) Db.single(db, "SELECT id FROM users WHERE username = ?", user.username());
        return new Person(user, id, accessToken(user));
    }
}

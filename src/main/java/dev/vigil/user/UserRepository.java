package dev.vigil.user;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Uni<User> findByUsername(String username) {
        return find("username", username.toLowerCase(Locale.ROOT)).firstResult();
    }

    public Uni<User> findByEmail(String email) {
        return find("lower(email) = ?1", email.toLowerCase(Locale.ROOT)).firstResult();
    }

    /** A login is an email when it contains '@' (usernames cannot), otherwise a username. */
    public Uni<User> findByLogin(String login) {
        return login.indexOf('@') >= 0 ? findByEmail(login) : findByUsername(login);
    }

    public Uni<Boolean> usernameExists(String username) {
        return count("username", username.toLowerCase(Locale.ROOT)).map(n -> n > 0);
    }
}

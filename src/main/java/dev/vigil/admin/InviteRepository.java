package dev.vigil.admin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class InviteRepository implements PanacheRepositoryBase<Invite, UUID> {
}

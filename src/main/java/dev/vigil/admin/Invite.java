package dev.vigil.admin;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An invitation to register with one email address. Its link's one-time token names it. */
@Entity
@Table(name = "invites")
public class Invite {

    @Id
    public UUID id;

    public String email;

    public UUID invitedBy;

    public Instant createdAt;

    public Instant expiresAt;

    public Instant acceptedAt;

    public UUID acceptedUserId;
}

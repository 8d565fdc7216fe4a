package dev.vigil.checkin;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Someone to tell, with the user's message, when the user's switch is released. */
@Entity
@Table(name = "trusted_contacts")
public class TrustedContact {

    @Id
    public UUID id;

    public UUID userId;

    public String name;

    public String email;

    public String phone;

    public String message;

    public Instant createdAt;
}

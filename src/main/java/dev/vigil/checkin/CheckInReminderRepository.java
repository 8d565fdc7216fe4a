package dev.vigil.checkin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
class CheckInReminderRepository implements PanacheRepositoryBase<CheckInReminder, CheckInReminder.Key> {
}

package dev.vigil.notify.sms;

/**
 * Fired (a CDI event) for every SMS the {@code log} provider "sends", so that dev tools can show it:
 * the full number and text, which the log itself keeps back.
 */
public record LoggedSms(String toE164, String text) {
}

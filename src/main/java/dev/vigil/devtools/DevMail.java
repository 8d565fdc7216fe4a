package dev.vigil.devtools;

import java.time.Instant;
import java.util.List;

/** A mail as the dev mail page shows it: when it went out, to whom, its subject and its plain text. */
public record DevMail(Instant sentAt, List<String> to, String subject, String text) {
}

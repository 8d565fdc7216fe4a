package dev.vigil.devtools;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.vigil.notify.sms.LoggedSms;
import io.quarkus.mailer.SentMail;

/**
 * The mails sent since start, newest first, while the dev tools are on, and the SMS that the
 * {@code log} SMS provider (the default) only logged; the newest {@value #CAPACITY} only, so a long
 * session cannot fill the heap.
 *
 * <p>Fed by the mailer's {@link SentMail} event, which Quarkus fires for every mail it sends, to an
 * SMTP server or (with {@code quarkus.mailer.mock}) to its in-memory mock mailbox. That mock mailbox
 * would not do: it can only be asked per recipient, keeps no time and no order across recipients, and
 * is empty as soon as a real SMTP server is configured.
 */
@ApplicationScoped
public class DevMailbox {

    /** How many mails are kept. */
    static final int CAPACITY = 200;

    private final boolean enabled;
    private final Clock clock;
    private final Deque<DevMail> mails = new ArrayDeque<>();

    public DevMailbox(DevToolsConfig config, Clock clock) {
        this.enabled = config.enabled();
        this.clock = clock;
    }

    /** Runs on the thread that finished the send (often an event loop): only adds to a list. */
    void onSent(@Observes SentMail mail) {
        keep(new DevMail(clock.instant(), false, List.copyOf(mail.to()), mail.subject(), mail.textBody()));
    }

    void onSms(@Observes LoggedSms sms) {
        keep(new DevMail(clock.instant(), true, List.of(sms.toE164()), null, sms.text()));
    }

    private void keep(DevMail kept) {
        if (!enabled) {
            return;
        }
        synchronized (mails) {
            mails.addFirst(kept);
            while (mails.size() > CAPACITY) {
                mails.removeLast();
            }
        }
    }

    /** The kept mails, newest first. */
    public List<DevMail> newestFirst() {
        synchronized (mails) {
            return List.copyOf(mails);
        }
    }
}

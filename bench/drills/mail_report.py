#!/usr/bin/env python3
"""Compares what the SMTP sink received with what the outbox held.

Usage: mail_report.py RECEIVED_TSV KEYS_FILE [SPLIT_MS]
  RECEIVED_TSV  lines "<epoch ms> TAB <Message-ID> TAB <recipient>" from smtp_sink.py
  KEYS_FILE     one outbox idempotency_key a line (the messages queued)
  SPLIT_MS      optional epoch ms (the kill): rates are given before and after it

The Message-ID is "<idempotency_key@host of vigil.public-url>", so the key identifies the message
and the host tells which instance sent it. Prints key=value lines; exit 0 always (the drill judges).
"""
import collections
import sys


def rate(stamps):
    if len(stamps) < 2 or stamps[-1] == stamps[0]:
        return 0.0
    return (len(stamps) - 1) * 1000.0 / (stamps[-1] - stamps[0])


def main():
    received, keys_file = sys.argv[1], sys.argv[2]
    split = int(sys.argv[3]) if len(sys.argv) > 3 else None
    queued = {line.strip() for line in open(keys_file) if line.strip()}
    per_key = collections.Counter()
    per_host = collections.Counter()
    stamps = []
    foreign = 0
    for line in open(received):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2:
            continue
        stamp, message_id = int(parts[0]), parts[1].strip().strip("<>")
        key, _, host = message_id.partition("@")
        if key not in queued:
            foreign += 1
            continue
        per_key[key] += 1
        per_host[host] += 1
        stamps.append(stamp)
    stamps.sort()
    dup_messages = sum(1 for n in per_key.values() if n > 1)
    extra = sum(n - 1 for n in per_key.values() if n > 1)
    print("queued=%d" % len(queued))
    print("received_total=%d" % sum(per_key.values()))
    print("distinct=%d" % len(per_key))
    print("missing=%d" % len(queued - set(per_key)))
    print("duplicated_messages=%d" % dup_messages)
    print("extra_deliveries=%d" % extra)
    print("unknown_message_ids=%d" % foreign)
    print("per_host=%s" % ",".join("%s:%d" % hv for hv in sorted(per_host.items())))
    print("rate_overall=%.0f" % rate(stamps))
    if split is not None:
        before = [s for s in stamps if s < split]
        after = [s for s in stamps if s >= split]
        # The first uninterrupted run after the restart: up to the first pause of more than a second
        # (the wait for the killed instance's leases).
        burst = after[:1]
        for s in after[1:]:
            if s - burst[-1] > 1000:
                break
            burst.append(s)
        print("before_split=%d" % len(before))
        print("rate_before_split=%.0f" % rate(before))
        print("after_split=%d" % len(after))
        print("rate_after_split_burst=%.0f" % rate(burst))
        print("after_split_burst=%d" % len(burst))
        print("after_split_tail=%d" % (len(after) - len(burst)))


if __name__ == "__main__":
    main()

package dev.vigil.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a throttle counts a request under: the subject's normal form and the client's address block. */
class RateLimitKeysTest {

    @Test
    void spellingsOfOneLoginShareAKey() {
        assertEquals("ada@example.org", RateLimits.subjectKey("  Ada@Example.ORG\t"));
        assertEquals(RateLimits.subjectKey("ADA"), RateLimits.subjectKey("ada "));
    }

    @Test
    void aBlankSubjectIsNoSubject() {
        assertNull(RateLimits.subjectKey(null));
        assertNull(RateLimits.subjectKey("   "));
    }

    @Test
    void hugeSubjectsAreCutToABoundedKey() {
        assertEquals(320, RateLimits.subjectKey("a".repeat(60_000)).length());
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareAKey() {
        assertEquals(RateLimits.ipKey("2001:db8:1:2:aaaa::1"), RateLimits.ipKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
        assertNotEquals(RateLimits.ipKey("2001:db8:1:2::1"), RateLimits.ipKey("2001:db8:1:3::1"));
    }

    @Test
    void ipv4AddressesAreTheirOwnKey() {
        assertEquals("192.0.2.10", RateLimits.ipKey("192.0.2.10"));
        assertEquals("192.0.2.10", RateLimits.ipKey("::ffff:192.0.2.10"));
        assertEquals("unknown", RateLimits.ipKey(null));
    }

    @Test
    void somethingThatIsNoAddressIsKeptAsItIsAndNeverLookedUp() {
        assertEquals("not:an:address.example", RateLimits.ipKey("not:an:address.example"));
    }
}

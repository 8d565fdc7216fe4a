package dev.vigil.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The masked successor kept for the reuse grace opens only with the token it replaced. */
class RefreshTokensTest {

    @Test
    void theReplacedTokenUnmasksItsSuccessor() {
        String replaced = RefreshTokens.generate();
        String successor = RefreshTokens.generate();

        byte[] masked = RefreshTokens.mask(successor, replaced);

        assertEquals(successor, RefreshTokens.unmask(masked, replaced));
    }

    @Test
    void theMaskShowsNothingOfTheSuccessorAndAnotherTokenDoesNotOpenIt() {
        String replaced = RefreshTokens.generate();
        String successor = RefreshTokens.generate();

        byte[] masked = RefreshTokens.mask(successor, replaced);

        assertNotEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(masked), successor);
        assertNotEquals(successor, RefreshTokens.unmask(masked, RefreshTokens.generate()));
        assertNotEquals(successor, RefreshTokens.unmask(masked, successor));
    }

    @Test
    void eachReplacedTokenGivesItsOwnPad() {
        String successor = RefreshTokens.generate();

        byte[] one = RefreshTokens.mask(successor, RefreshTokens.generate());
        byte[] other = RefreshTokens.mask(successor, RefreshTokens.generate());

        assertNotEquals(Base64.getEncoder().encodeToString(one), Base64.getEncoder().encodeToString(other));
        assertEquals(32, one.length, "as long as the token's 256 bits, no more");
    }

    @Test
    void somethingThatIsNoMaskUnmasksToNothing() {
        assertNull(RefreshTokens.unmask(null, RefreshTokens.generate()));
        assertNull(RefreshTokens.unmask(new byte[5], RefreshTokens.generate()));
    }
}

package dev.vigil.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import dev.vigil.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Dev tools switched on anywhere but in dev mode (here: test mode) are worth a warning at every start. */
@QuarkusTest
@TestProfile(DevToolsProfile.class)
class DevToolsSwitchTest {

    @Inject
    DevToolsSwitch devToolsSwitch;

    @Test
    void startOutsideDevModeWarnsThatTheMailPageIsOpen() {
        Logger logger = Logger.getLogger(DevToolsSwitch.class.getName());
        LogCapture capture = new LogCapture();
        logger.addHandler(capture);
        try {
            devToolsSwitch.warnOutsideDevMode(null);
        } finally {
            logger.removeHandler(capture);
        }

        List<String> warnings = capture.records().stream()
                .filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                .map(r -> ((ExtLogRecord) r).getFormattedMessage())
                .toList();
        assertEquals(1, warnings.size(), "one warning: " + warnings);
        assertTrue(warnings.get(0).contains("vigil.dev-tools.enabled"), warnings.get(0));
    }
}

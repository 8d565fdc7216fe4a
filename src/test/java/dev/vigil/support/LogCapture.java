package dev.vigil.support;

import org.jboss.logmanager.ExtLogRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Collects the records a logger publishes while attached, for tests about what is (not) logged. */
public final class LogCapture extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    public List<LogRecord> records() {
        return records;
    }

    /**
     * "category: message" of the ERROR records of the application under test. Records of the JVM's
     * finalizer thread are left out: there the garbage collector closes what an earlier test
     * application (stopped, with its event loops) left behind, and Netty reports that it can no
     * longer reach those event loops.
     */
    public List<String> appErrors() {
        return records.stream()
                .filter(r -> r.getLevel().intValue() == Level.SEVERE.intValue())
                .filter(r -> !(r instanceof ExtLogRecord ext && "Finalizer".equals(ext.getThreadName())))
                .map(r -> r.getLoggerName() + ": " + (r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage()))
                .toList();
    }
}

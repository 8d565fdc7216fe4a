package dev.vigil.common.db;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Application;

/**
 * A PostgreSQL server of Vigil's own, run from the binaries that come as a Maven dependency.
 *
 * <p><b>Private.</b> The cluster is initialised with SCRAM password authentication for its only
 * user, {@code postgres}, with a random password kept in {@value #PASSWORD_FILE} (owner read/write
 * only) inside the data directory. The server listens on 127.0.0.1 only, has no Unix socket, and its
 * {@code pg_hba.conf} is rewritten at every start to accept nothing but password connections over
 * loopback. A data directory made by an older Vigil, which trusted every local connection, gets a
 * password (set in single-user mode, before the server listens) and the same rules at its next start.
 * (A Unix socket in the data directory would be more private still, but neither client can use one
 * here: the reactive client only through Netty's native transport, which Vigil does not ship, and
 * pgjdbc not without a third-party socket factory.)
 *
 * <p><b>Durable when it matters.</b> {@link Settings#durable()}: fsync, synchronous commit and
 * full-page writes on for the packaged application; off in dev mode and tests, whose data may be
 * lost. Connections are limited to what the application's pools can use.
 *
 * <p><b>Crash-safe ownership.</b> While a JVM runs the server it holds a file lock next to the data
 * directory. A JVM killed with {@code kill -9} cannot stop its server, which keeps running; the next
 * start finds the lock free but a live postmaster in {@code postmaster.pid} for this directory, and
 * stops that orphan (fast shutdown) before starting its own.
 *
 * <p><b>Stopped last.</b> The server is started with {@code pg_ctl}, in a session of its own, so
 * Ctrl-C and SIGTERM reach only the JVM. A JVM shutdown hook stops the server, and for the packaged
 * application it first waits until Quarkus has stopped the application completely: readiness DOWN,
 * the shutdown delay, requests under way, the outbox hand-back and closing the pools all still have
 * their database.
 *
 * <p>One server per JVM ({@link #start(String, Settings, boolean)}): dev-mode reloads and every
 * {@code @QuarkusTest} restart rebuild the configuration in a new class loader and must reach the
 * same server, so where it runs is kept in a JVM system property, which every class loader sees.
 */
final class EmbeddedPostgres {

    static final String USER = "postgres";
    /** The superuser's password, in the data directory. */
    static final String PASSWORD_FILE = "vigil-password";

    private static final String RUNNING = "vigil.embedded-postgres.running";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final String PG_CTL_WAIT_SECONDS = "60";
    private static final int START_ATTEMPTS = 3;
    private static final Duration APPLICATION_STOP_WAIT = Duration.ofMinutes(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);
    private static final int SCRAM_ITERATIONS = 4096;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final String ACCESS_RULES = """
            # Written by Vigil at every start of its embedded PostgreSQL: changes here are overwritten.
            # Loopback TCP only (the server has no Unix socket), always with the password that Vigil
            # generated into the file vigil-password in this directory.
            host    all    all    127.0.0.1/32    scram-sha-256
            """;
    /** Where an older Vigil (the library's own server management) kept its lock. */
    private static final String OLD_LOCK_FILE = "epg-lock";

    /**
     * How the server runs.
     *
     * @param durable fsync, synchronous_commit and full_page_writes on (packaged application) or off
     * @param maxConnections max_connections of the server
     */
    record Settings(boolean durable, int maxConnections) {
    }

    /** Where the running server listens and the password of its user {@value EmbeddedPostgres#USER}. */
    record Server(int port, String password) {
        String reactiveUrl() {
            return "postgresql://127.0.0.1:" + port + "/" + USER;
        }

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + USER;
        }

        @Override
        public String toString() {
            return "Server[port=" + port + "]";
        }
    }

    private final Path dataDirectory;
    private final Path binariesCache;
    /** Deleted after the server stopped; null for a data directory that is kept. */
    private final Path temporaryRoot;
    private final Settings settings;
    private EmbeddedPostgresBinaries binaries;
    private FileChannel lock;
    private int port;

    private EmbeddedPostgres(Path dataDirectory, Path binariesCache, Path temporaryRoot, Settings settings) {
        this.dataDirectory = dataDirectory;
        this.binariesCache = binariesCache;
        this.temporaryRoot = temporaryRoot;
        this.settings = settings;
    }

    /**
     * A server whose data stays in {@code dataDirectory}. Its binaries come from this user's cache in
     * the temporary directory, so a first start elsewhere does not unpack them again, or, when that
     * cache is not safely private, from beside the data directory.
     */
    static EmbeddedPostgres persistent(Path dataDirectory, Settings settings) throws IOException {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Path shared = sharedBinaries();
        return new EmbeddedPostgres(data, shared != null ? shared : data.resolveSibling("postgres-binaries"), null,
                settings);
    }

    /** A server in a fresh temporary directory that is deleted when it stops. */
    static EmbeddedPostgres temporary(Settings settings) throws IOException {
        Path root = Files.createTempDirectory("vigil-postgres-").toAbsolutePath();
        Path shared = sharedBinaries();
        return new EmbeddedPostgres(root.resolve("data"), shared != null ? shared : root.resolve("binaries"), root, settings);
    }

    /**
     * The JVM's one server: started on first use, afterwards the running one. {@code dataDirectory}
     * null means temporary data. With {@code afterApplication}, the server stops at JVM exit only
     * once the Quarkus application has stopped.
     */
    static Server start(String dataDirectory, Settings settings, boolean afterApplication) {
        synchronized (System.class) { // the one lock that every class loader shares
            String running = System.getProperty(RUNNING);
            if (running != null) {
                int space = running.indexOf(' ');
                Path data = Path.of(running.substring(space + 1));
                return new Server(Integer.parseInt(running.substring(0, space)), readPassword(data.resolve(PASSWORD_FILE)));
            }
            try {
                EmbeddedPostgres postgres = dataDirectory == null ? temporary(settings)
                        : persistent(Path.of(dataDirectory), settings);
                Server server = postgres.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> postgres.stopAtExit(afterApplication),
                        "embedded-postgres-stop"));
                System.setProperty(RUNNING, server.port() + " " + postgres.dataDirectory);
                LOG.infof("No datasource configured: started embedded PostgreSQL on 127.0.0.1:%d (%s, %s,"
                        + " max_connections=%d; password in %s)", server.port(),
                        dataDirectory == null ? "temporary data" : "data in " + dataDirectory,
                        settings.durable() ? "durable" : "fsync off", settings.maxConnections(),
                        postgres.passwordFile());
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server: " + e.getMessage(), e);
            }
        }
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    Path passwordFile() {
        return dataDirectory.resolve(PASSWORD_FILE);
    }

    /** Prepares the data directory (first use, older layout, orphaned server) and starts the server. */
    Server start() throws IOException {
        lockDataDirectory();
        try {
            binaries = EmbeddedPostgresBinaries.in(binariesCache);
            stopOrphan();
            if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
                initialise();
            } else if (!Files.exists(passwordFile())) {
                protectOlderDirectory();
            }
            writeAccessRules();
            String password = readPassword(passwordFile());
            startServer();
            return new Server(port, password);
        } catch (IOException | RuntimeException e) {
            releaseLock();
            if (temporaryRoot != null) {
                deleteTree(temporaryRoot);
            }
            throw e;
        }
    }

    /** Stops the server (fast shutdown: sessions still open are ended) and gives the directory up. */
    void stop() {
        try {
            Optional<ProcessHandle> postmaster = postmaster();
            if (postmaster.isPresent()) {
                stopServer(postmaster.get());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
        } finally {
            releaseLock();
            if (temporaryRoot != null) {
                deleteTree(temporaryRoot);
            }
        }
    }

    private void stopAtExit(boolean afterApplication) {
        if (afterApplication) {
            awaitApplicationStopped();
        }
        stop(); // nothing is logged any more at this point: Quarkus has closed its log handlers
    }

    /**
     * Quarkus stops the application from a shutdown hook of its own, which runs at the same time as
     * this one; the database must outlive all of it. Bounded, so that a stop that hangs cannot keep
     * the server (and the JVM) up forever.
     */
    private static void awaitApplicationStopped() {
        Application application = Application.currentApplication();
        if (application == null) {
            return;
        }
        Thread waiter = new Thread(application::awaitShutdown, "embedded-postgres-await-application");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(APPLICATION_STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Ownership of the data directory

    private void lockDataDirectory() throws IOException {
        Files.createDirectories(dataDirectory.getParent());
        Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            channel.close();
            throw new IOException(dataDirectory + " is in use by another running Vigil");
        }
        lock = channel;
        refuseWhileOlderVigilRuns();
    }

    /** An older Vigil locked a file inside the data directory instead; it must not be running. */
    private void refuseWhileOlderVigilRuns() throws IOException {
        Path oldLock = dataDirectory.resolve(OLD_LOCK_FILE);
        if (!Files.exists(oldLock)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(oldLock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                throw new IOException(dataDirectory + " is in use by another running (older) Vigil");
            }
            held.release();
        }
        Files.deleteIfExists(oldLock);
    }

    private void releaseLock() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.debugf("Could not release the lock on %s: %s", dataDirectory, e.getMessage());
            }
            lock = null;
        }
    }

    /**
     * Runs while holding the lock, so no living Vigil owns this directory: a postmaster still running
     * on it was left behind by a JVM that was killed (its shutdown hook never ran).
     */
    private void stopOrphan() throws IOException {
        Optional<ProcessHandle> orphan = postmaster();
        if (orphan.isEmpty()) {
            return;
        }
        LOG.warnf("An embedded PostgreSQL (pid %d) left running on %s by an earlier run that did not stop it"
                + " (killed?); stopping it first", orphan.get().pid(), dataDirectory);
        stopServer(orphan.get());
    }

    /**
     * The live postmaster of this data directory according to {@code postmaster.pid}. A pid file whose
     * process is certainly something else (the pid was reused after a reboot) is removed.
     */
    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = lines.isEmpty() ? 0 : Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty(); // being written; PostgreSQL decides
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.empty(); // PostgreSQL removes a pid file of a dead process itself
        }
        ProcessHandle.Info info = process.get().info();
        Optional<Boolean> isPostgres = info.command().map(c -> Path.of(c).getFileName().toString())
                .map(name -> name.equals("postgres") || name.equals("postgres.exe"));
        Optional<Boolean> servesHere = info.arguments().map(args -> Arrays.stream(args)
                .anyMatch(arg -> samePath(arg, dataDirectory)));
        if (isPostgres.orElse(true) && servesHere.orElse(true)) {
            return process;
        }
        if (isPostgres.isPresent() && servesHere.isPresent()) {
            LOG.infof("Removing the stale %s (pid %d is another process now)", pidFile, pid);
            Files.deleteIfExists(pidFile);
        }
        return Optional.empty();
    }

    private static boolean samePath(String argument, Path path) {
        try {
            return Path.of(argument).toAbsolutePath().normalize().equals(path);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Returns once the server has shut down (pg_ctl waits until it has removed its pid file). */
    private void stopServer(ProcessHandle postmaster) throws IOException {
        try {
            run(binaries.command("pg_ctl", "stop", "-D", dataDirectory.toString(), "-m", "fast", "-w",
                    "-t", PG_CTL_WAIT_SECONDS), null);
            return;
        } catch (IOException e) {
            LOG.warnf("pg_ctl could not stop the embedded PostgreSQL (%s); signalling it", e.getMessage());
            postmaster.destroy(); // SIGTERM: smart shutdown, which ends once the last session has gone
        }
        try {
            postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the embedded PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("The embedded PostgreSQL (pid " + postmaster.pid() + ") did not stop", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Data directory and password

    /**
     * initdb into a staging directory that becomes the data directory only when complete, so a start
     * interrupted here leaves nothing that looks like a cluster.
     */
    private void initialise() throws IOException {
        if (Files.isDirectory(dataDirectory)) {
            try (Stream<Path> entries = Files.list(dataDirectory)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dataDirectory + " is neither empty nor a PostgreSQL data directory");
                }
            }
        }
        String name = dataDirectory.getFileName().toString();
        Path staging = dataDirectory.resolveSibling(name + ".initialising");
        Path verifierFile = dataDirectory.resolveSibling(name + ".initialising-password");
        deleteTree(staging);
        String password = newPassword();
        writePrivate(verifierFile, scramVerifier(password) + "\n");
        try {
            List<String> initdb = new ArrayList<>(binaries.command("initdb", "-D", staging.toString(), "-U", USER,
                    "-E", "UTF8", "--auth=scram-sha-256", "--pwfile=" + verifierFile));
            if (!settings.durable()) {
                initdb.add("--no-sync");
            }
            run(initdb, null);
            writePrivate(staging.resolve(PASSWORD_FILE), password + "\n");
        } finally {
            Files.deleteIfExists(verifierFile);
        }
        Files.deleteIfExists(dataDirectory); // an empty directory made beforehand
        Files.move(staging, dataDirectory, ATOMIC_MOVE);
        LOG.infof("Initialised the embedded PostgreSQL data directory %s", dataDirectory);
    }

    /**
     * A data directory without a password file: made by an older Vigil (which trusted every local
     * connection), or its password file was deleted. Sets a new password in single-user mode, where
     * nothing can connect; the new access rules follow before the server listens.
     */
    private void protectOlderDirectory() throws IOException {
        String password = newPassword();
        String output = run(binaries.command("postgres", "--single", "-D", dataDirectory.toString(),
                "-c", "password_encryption=scram-sha-256", "-c", "fsync=" + (settings.durable() ? "on" : "off"),
                "postgres"), "ALTER ROLE " + USER + " PASSWORD '" + scramVerifier(password) + "';\n");
        List<String> errors = output.lines().filter(line -> line.contains("ERROR:") || line.contains("FATAL:")).toList();
        if (!errors.isEmpty()) {
            throw new IOException("Could not set the password of the embedded PostgreSQL: " + String.join("; ", errors));
        }
        writePrivate(passwordFile(), password + "\n");
        LOG.warnf("The embedded PostgreSQL in %s had no password file (made by an older Vigil, which accepted"
                + " local connections without a password, or the file was deleted): it now requires the password"
                + " generated into %s", dataDirectory, passwordFile());
    }

    private void writeAccessRules() throws IOException {
        Path rules = dataDirectory.resolve("pg_hba.conf");
        if (!Files.exists(rules) || !Files.readString(rules).equals(ACCESS_RULES)) {
            writePrivate(rules, ACCESS_RULES);
        }
        if (posix(passwordFile())) {
            Files.setPosixFilePermissions(passwordFile(), OWNER_ONLY_FILE);
        }
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedded PostgreSQL password from " + file, e);
        }
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677 keys in PostgreSQL's
     * text form). Handing the server this instead of the password keeps the password itself out of
     * every command, statement and server log line.
     */
    static String scramVerifier(String password) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, SCRAM_ITERATIONS, 256))
                    .getEncoded();
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(salted, "HmacSHA256"));
            byte[] clientKey = hmac.doFinal("Client Key".getBytes(UTF_8));
            byte[] serverKey = hmac.doFinal("Server Key".getBytes(UTF_8));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            Base64.Encoder base64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + SCRAM_ITERATIONS + ":" + base64.encodeToString(salt) + "$"
                    + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SCRAM-SHA-256 is not available", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The server process

    private void startServer() throws IOException {
        Path log = dataDirectory.resolve("log");
        if (!Files.isDirectory(log)) {
            Files.createDirectories(log);
            if (posix(log)) {
                Files.setPosixFilePermissions(log, OWNER_ONLY_DIRECTORY);
            }
        }
        Path startLog = log.resolve("startup.log");
        for (int attempt = 1;; attempt++) {
            port = freePort();
            long logged = Files.exists(startLog) ? Files.size(startLog) : 0;
            try {
                run(binaries.command("pg_ctl", "start", "-D", dataDirectory.toString(), "-l", startLog.toString(),
                        "-w", "-t", PG_CTL_WAIT_SECONDS, "-o", serverOptions()), null);
                return;
            } catch (IOException e) {
                String serverSaid = tail(startLog, logged);
                boolean portTaken = serverSaid.contains("could not bind") || serverSaid.contains("could not create any TCP/IP sockets");
                if (!portTaken || attempt == START_ATTEMPTS) {
                    throw new IOException(e.getMessage() + "\n" + serverSaid, e);
                }
            }
        }
    }

    /** Command-line settings of the server (pg_ctl hands them to a shell, hence the quotes). */
    private String serverOptions() {
        String durable = settings.durable() ? "on" : "off";
        return String.join(" ",
                "-p " + port,
                "-c listen_addresses=127.0.0.1",
                WINDOWS ? "" : "-c unix_socket_directories=''",
                "-c max_connections=" + settings.maxConnections(),
                "-c fsync=" + durable,
                "-c synchronous_commit=" + durable,
                "-c full_page_writes=" + durable,
                "-c password_encryption=scram-sha-256",
                "-c timezone=UTC",
                // a week of logs in <data>/log, one file per weekday, each overwritten a week later
                "-c logging_collector=on",
                "-c log_directory=log",
                "-c log_filename=postgresql-%a.log",
                "-c log_truncate_on_rotation=on",
                "-c log_rotation_age=1d",
                "-c log_rotation_size=0");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, long from) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(file);
            int start = (int) Math.min(from, bytes.length);
            return new String(bytes, start, bytes.length - start, UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs a tool to its end; its output (stdout and stderr), or an IOException with it. */
    private static String run(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("Interrupted", e);
        }
        if (exit != 0) {
            String tool = Path.of(command.get(command.get(0).equals("unshare") ? 2 : 0)).getFileName().toString();
            throw new IOException(tool + " failed (exit " + exit + "): " + output.strip());
        }
        return output;
    }

    // ---------------------------------------------------------------------------------------------
    // Files

    /** Writes a file that only its owner may read, replacing it atomically. */
    private static void writePrivate(Path file, String content) throws IOException {
        Path temporary = posix(file.getParent())
                ? Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, content);
            Files.move(temporary, file, ATOMIC_MOVE, REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    /**
     * A binaries cache in the temporary directory, shared by this user's servers; null unless it is
     * safely this user's alone (not a link, owned by us, nobody else may write). A temp cleaner that
     * removes files from it does no harm: a running server keeps its open files, the next start
     * unpacks again, and a stop without pg_ctl falls back to a signal.
     */
    private static Path sharedBinaries() throws IOException {
        Path probe = Files.createTempFile("vigil-postgres-", ".owner");
        try {
            if (!posix(probe)) {
                return null;
            }
            Path shared = probe.resolveSibling("vigil-postgres-binaries-" + System.getProperty("user.name", "user"));
            try {
                Files.createDirectory(shared, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                // made by an earlier run; checked below
            }
            boolean ours = !Files.isSymbolicLink(shared)
                    && Files.getOwner(shared, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe))
                    && Files.getPosixFilePermissions(shared, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY_DIRECTORY);
            return ours ? shared : null;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("Could not delete %s: %s", root, e.getMessage());
        }
    }
}

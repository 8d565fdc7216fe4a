package dev.vigil.common.db;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * The PostgreSQL server programs that come as a Maven dependency (an xz tarball per platform),
 * unpacked once into a directory named after the tarball's digest.
 *
 * <p>Only the tarball and its lookup are taken from the library; the server itself is run by
 * {@link EmbeddedPostgres}, which needs to choose how the cluster is initialised, who may connect,
 * and when the server stops. Unpacking goes to a fresh directory that is renamed into place, so
 * processes that start at the same moment never see half a tree.
 */
final class EmbeddedPostgresBinaries {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresBinaries.class);
    private static final List<String> TOOLS = List.of("initdb", "pg_ctl", "postgres");
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Path home;
    /**
     * PostgreSQL refuses to run as root. As root on Linux, every tool runs in a new user namespace
     * ({@code unshare -U}), where it is an unprivileged user that still owns the files it creates.
     */
    private final boolean unshare;

    private EmbeddedPostgresBinaries(Path home, boolean unshare) {
        this.home = home;
        this.unshare = unshare;
    }

    /** The binaries unpacked under {@code cache}, unpacking them first unless a complete copy is there. */
    static EmbeddedPostgresBinaries in(Path cache) throws IOException {
        byte[] archive = archive();
        String name = digest(archive);
        Path home = cache.resolve(name);
        if (!complete(home)) {
            Files.createDirectories(cache);
            if (Files.exists(home)) {
                LOG.warnf("The PostgreSQL binaries in %s are incomplete (files removed?); unpacking them again", home);
                EmbeddedPostgres.deleteTree(home);
            }
            long started = System.nanoTime();
            Path staging = Files.createTempDirectory(cache, name + ".unpacking-");
            try {
                unpack(archive, staging);
                Files.move(staging, home, ATOMIC_MOVE);
                LOG.debugf("Unpacked the PostgreSQL binaries into %s in %d ms", home, (System.nanoTime() - started) / 1_000_000);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another process unpacked the same archive at the same moment
            } finally {
                EmbeddedPostgres.deleteTree(staging);
            }
            if (!complete(home)) {
                throw new IOException("Could not unpack the PostgreSQL binaries into " + home);
            }
        }
        return new EmbeddedPostgresBinaries(home, LinuxUtils.isUnshareAvailable());
    }

    /** The command line that runs one of the tools with these arguments. */
    List<String> command(String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        if (unshare) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(tool(tool).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private Path tool(String name) {
        return home.resolve("bin").resolve(WINDOWS ? name + ".exe" : name);
    }

    private static boolean complete(Path home) {
        EmbeddedPostgresBinaries candidate = new EmbeddedPostgresBinaries(home, false);
        return TOOLS.stream().map(candidate::tool).allMatch(Files::isRegularFile)
                && Files.isDirectory(home.resolve("share"));
    }

    private static byte[] archive() throws IOException {
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
            return in.readAllBytes();
        }
    }

    /** The names the binary artifacts use: Linux, Darwin, Windows and x86_64, aarch64, ... */
    private static String system() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "Windows";
        }
        if (os.startsWith("mac")) {
            return "Darwin";
        }
        if (os.startsWith("linux")) {
            return "Linux";
        }
        throw new IllegalStateException("No embedded PostgreSQL for " + os + ": configure a datasource");
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch", "");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static String digest(byte[] archive) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        boolean posix = Files.getFileAttributeView(target, PosixFileAttributeView.class) != null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Unexpected entry in the PostgreSQL archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.copy(tar, path);
                    if (posix) {
                        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                    } else if (entry.getName().replaceFirst("^\\./", "").startsWith("bin/")) {
                        path.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        // never writable by others, whatever the archive says
        permissions.remove(PosixFilePermission.GROUP_WRITE);
        permissions.remove(PosixFilePermission.OTHERS_WRITE);
        return permissions;
    }
}

package dev.vigil.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher (src/main/launcher/vigil) as a user meets it: the command it would run for a given
 * memory limit, JDK and set of options. Runs the real script with {@code VIGIL_LAUNCHER_DRY_RUN=1}
 * against a made-up app directory, cgroup and /proc/meminfo.
 */
class LauncherTest {

    @TempDir
    Path dir;

    private Path app;
    private Path cgroup;
    private Path meminfo;

    @BeforeEach
    void appDirectory() throws IOException {
        app = Files.createDirectories(dir.resolve("quarkus-app"));
        Files.createDirectories(app.resolve("bin"));
        Files.copy(Path.of("src/main/launcher/vigil"), app.resolve("bin/vigil"));
        Files.writeString(app.resolve("quarkus-run.jar"), "");
        cgroup = Files.createDirectories(dir.resolve("cgroup"));
        meminfo = dir.resolve("meminfo");
        machineMemoryMib(16 * 1024);
    }

    @Test
    void aSmallContainerGetsTheHeapFloor() throws Exception {
        cgroupV2Limit(512L << 20);

        List<String> command = launch(Map.of());

        assertTrue(command.contains("-Xmx160m"), command.toString());
        assertTrue(command.contains("-XX:+UseSerialGC"), command.toString());
        assertFalse(command.stream().anyMatch(word -> word.startsWith("-XX:CompileCommand")), command.toString());
        assertEquals(List.of("-jar", app.resolve("quarkus-run.jar").toString()),
                command.subList(command.size() - 2, command.size()));
    }

    @Test
    void theHeapIsAQuarterOfTheLimitUpToTheSmallServerCap() throws Exception {
        cgroupV2Limit(600L << 20);
        assertTrue(launch(Map.of()).contains("-Xmx160m"));

        cgroupV2Limit(800L << 20);
        assertTrue(launch(Map.of()).contains("-Xmx200m"));

        cgroupV2Limit(4L << 30);
        assertTrue(launch(Map.of()).contains("-Xmx256m"));
    }

    @Test
    void withoutACgroupLimitTheMachinesMemoryCounts() throws Exception {
        Files.writeString(cgroup.resolve("memory.max"), "max\n");
        machineMemoryMib(800);
        assertTrue(launch(Map.of()).contains("-Xmx200m"));

        Files.delete(cgroup.resolve("memory.max"));
        Path v1 = Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712\n"); // v1: no limit
        assertTrue(launch(Map.of()).contains("-Xmx200m"));
    }

    @Test
    void theUsersOptionsWinAndComeLast() throws Exception {
        cgroupV2Limit(4L << 30);

        List<String> command = launch(Map.of("JAVA_OPTS", "-Xmx300m -XX:+UseG1GC"),
                "-Dvigil.public-url=https://id.example.org", "-Dquarkus.log.console.format=%d %s%n");

        assertFalse(command.stream().anyMatch(word -> word.startsWith("-Xmx") && !word.equals("-Xmx300m")), command.toString());
        assertFalse(command.contains("-XX:+UseSerialGC"), command.toString());
        int jar = command.indexOf("-jar");
        assertEquals(List.of("-Xmx300m", "-XX:+UseG1GC", "-Dvigil.public-url=https://id.example.org",
                "-Dquarkus.log.console.format=%d %s%n"), command.subList(jar - 4, jar));
    }

    @Test
    void vigilHeapSetsTheMaximum() throws Exception {
        cgroupV2Limit(4L << 30);
        assertTrue(launch(Map.of("VIGIL_HEAP", "300m")).contains("-Xmx300m"));
    }

    @Test
    void theAotCacheIsUsedOnlyOnTheJdkThatBuiltIt() throws Exception {
        Files.writeString(app.resolve("app.aot"), "");
        Files.writeString(app.resolve("app.aot.jdk"), "Some Vendor 1.0");
        String cache = "-XX:AOTCache=" + app.resolve("app.aot");

        assertFalse(launch(Map.of()).contains(cache), "never on another JDK build");

        Files.writeString(app.resolve("app.aot.jdk"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.vm.version"));
        boolean aotCapable = Runtime.version().feature() >= 25;
        assertEquals(aotCapable, launch(Map.of()).contains(cache),
                "on the JDK that built it, exactly when the JDK has AOT caches (this one: "
                        + Runtime.version().feature() + ")");
    }

    @Test
    void aMissingJarIsAClearError() throws Exception {
        Files.delete(app.resolve("quarkus-run.jar"));
        Process process = start(Map.of());
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertTrue(output.contains("no quarkus-run.jar"), output);
    }

    private void cgroupV2Limit(long bytes) throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), bytes + "\n");
    }

    private void machineMemoryMib(long mib) throws IOException {
        Files.writeString(meminfo, "MemTotal:       " + (mib * 1024) + " kB\nMemFree:        1024 kB\n");
    }

    private List<String> launch(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher finishes");
        assertEquals(0, process.exitValue(), output);
        return output.lines().filter(line -> !line.startsWith("vigil:")).toList();
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("sh", app.resolve("bin/vigil").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("VIGIL_HEAP");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("VIGIL_LAUNCHER_DRY_RUN", "1");
        builder.environment().put("VIGIL_CGROUP_ROOT", cgroup.toString());
        builder.environment().put("VIGIL_MEMINFO", meminfo.toString());
        builder.environment().putAll(env);
        return builder.start();
    }
}

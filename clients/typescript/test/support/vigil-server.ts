import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: this file is compiled to clients/typescript/build/test/support/. */
const repository = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../../..");

/** The packaged service, running on ports of its own with an embedded database in a fresh directory. */
export interface VigilServer {
    baseUrl: string;
    logFile: string;
    /** The last lines the service logged, for a failure message. */
    logTail(lines?: number): string;
    stop(): Promise<void>;
}

export interface VigilServerOptions {
    smtpPort: number;
    /** Extra configuration, as -Dkey=value. */
    config?: Record<string, string>;
    startTimeoutMs?: number;
}

/**
 * Starts target/quarkus-app/quarkus-run.jar (or $VIGIL_JAR) with the java of $VIGIL_JAVA, $JAVA_HOME
 * or the PATH, and resolves once its readiness check is UP. Its output goes to a file under
 * target/ts-client/ (or $VIGIL_LOG_DIR).
 */
export async function startVigil(options: VigilServerOptions): Promise<VigilServer> {
    const jar = process.env.VIGIL_JAR ?? join(repository, "target", "quarkus-app", "quarkus-run.jar");
    if (!existsSync(jar)) {
        throw new Error(`${jar} does not exist: build the service first (./mvnw package -DskipTests in the repository root)`);
    }
    const java = process.env.VIGIL_JAVA ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java");
    const logDir = process.env.VIGIL_LOG_DIR ?? join(repository, "target", "ts-client");
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `vigil-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
    // The generated secret key is written beside the data directory, so both live in one temporary directory.
    const scratch = mkdtempSync(join(tmpdir(), "vigil-ts-client-"));
    const [httpPort, managementPort] = await freePorts(2);
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    const config: Record<string, string> = {
        "quarkus.http.host": "127.0.0.1",
        "quarkus.http.port": String(httpPort),
        "quarkus.management.host": "127.0.0.1",
        "quarkus.management.port": String(managementPort),
        "vigil.embedded-postgres.data-dir": join(scratch, "postgres"),
        "vigil.public-url": baseUrl,
        "quarkus.mailer.mock": "false",
        "quarkus.mailer.host": "127.0.0.1",
        "quarkus.mailer.port": String(options.smtpPort),
        "quarkus.mailer.start-tls": "DISABLED",
        "quarkus.mailer.tls": "false",
        "quarkus.shutdown.delay": "0s",
        ...options.config,
    };
    const args = [...Object.entries(config).map(([key, value]) => `-D${key}=${value}`), "-jar", jar];

    const log = openSync(logFile, "a");
    let child: ChildProcess;
    try {
        child = spawn(java, args, { stdio: ["ignore", log, log] });
    } finally {
        closeSync(log);
    }
    let exited: string | null = null;
    // Should this process end without stopping the service (an uncaught error), stop it anyway.
    const orphanGuard = () => child.kill("SIGTERM");
    process.once("exit", orphanGuard);
    const exit = new Promise<void>((done) => {
        child.on("exit", (code, signal) => {
            process.off("exit", orphanGuard);
            exited = signal ?? `exit code ${code}`;
            done();
        });
        child.on("error", (error) => {
            exited = error.message;
            done();
        });
    });

    const server: VigilServer = {
        baseUrl,
        logFile,
        logTail(lines = 60) {
            const text = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
            return text.split("\n").slice(-lines).join("\n");
        },
        async stop() {
            if (exited === null) {
                // SIGTERM lets the service stop its embedded PostgreSQL; SIGKILL would leave it running.
                child.kill("SIGTERM");
                const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
                await exit;
                clearTimeout(timer);
            }
            rmSync(scratch, { recursive: true, force: true });
        },
    };

    const ready = `http://127.0.0.1:${managementPort}/q/health/ready`;
    const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
    while (Date.now() < deadline) {
        if (exited !== null) {
            await server.stop();
            throw new Error(`The service stopped while starting (${exited}); its log (${logFile}) ends with:\n${server.logTail()}`);
        }
        try {
            if ((await fetch(ready)).status === 200) {
                return server;
            }
        } catch {
            // Not listening yet.
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await server.stop();
    throw new Error(`The service was not ready within ${(options.startTimeoutMs ?? 180_000) / 1000} s; its log (${logFile}) ends with:\n${server.logTail()}`);
}

/** Ports nothing listens on right now, each different (all held open until every one is known). */
async function freePorts(count: number): Promise<number[]> {
    const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((done, fail) => {
        const server = net.createServer();
        server.once("error", fail);
        server.listen(0, "127.0.0.1", () => done(server));
    })));
    const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
    return ports;
}

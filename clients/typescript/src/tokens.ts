/** What a signed-in client keeps between calls. The refresh token is a credential: store it like a password. */
export interface Tokens {
    access_token: string;
    refresh_token: string;
}

/**
 * Where a client keeps its tokens. Each method may answer at once or with a promise, so both
 * in-memory objects and asynchronous storage (React Native's AsyncStorage, a keychain wrapper) fit.
 */
export interface TokenStore {
    get(): Tokens | null | Promise<Tokens | null>;
    set(tokens: Tokens): void | Promise<void>;
    clear(): void | Promise<void>;
}

/** Tokens held in a variable: gone when the page or process ends. The default. */
export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
    let tokens = initial;
    return {
        get: () => tokens,
        set: (next) => {
            tokens = next;
        },
        clear: () => {
            tokens = null;
        },
    };
}

/** Anything with `getItem`, `setItem` and `removeItem`, answering at once or with promises. */
export interface KeyValueStorage {
    getItem(key: string): string | null | Promise<string | null>;
    setItem(key: string, value: string): void | Promise<void>;
    removeItem(key: string): void | Promise<void>;
}

/**
 * Tokens kept as one JSON entry of a key-value storage: `localStorage` and `sessionStorage` in a
 * browser, AsyncStorage in React Native. An entry that is missing or unreadable counts as signed out.
 */
export function keyValueTokenStore(storage: KeyValueStorage, key = "vigil.tokens"): TokenStore {
    return {
        async get() {
            const text = await storage.getItem(key);
            return text === null ? null : parseTokens(text);
        },
        async set(tokens) {
            await storage.setItem(key, JSON.stringify({
                access_token: tokens.access_token,
                refresh_token: tokens.refresh_token,
            }));
        },
        async clear() {
            await storage.removeItem(key);
        },
    };
}

function parseTokens(text: string): Tokens | null {
    try {
        const value: unknown = JSON.parse(text);
        if (typeof value === "object" && value !== null) {
            const { access_token, refresh_token } = value as Record<string, unknown>;
            if (typeof access_token === "string" && typeof refresh_token === "string") {
                return { access_token, refresh_token };
            }
        }
    } catch {
        // Not JSON: written by something else, or cut short. Signed out, as for a missing entry.
    }
    return null;
}

export { createVigilClient } from "./client.js";
export type { FetchFunction, LoginResult, VigilClient, VigilClientOptions } from "./client.js";
export { unwrap, VigilError } from "./errors.js";
export type { CallResult, DataOf, FieldError, Problem } from "./errors.js";
export { keyValueTokenStore, memoryTokenStore } from "./tokens.js";
export type { KeyValueStorage, Tokens, TokenStore } from "./tokens.js";
export type { components, operations, paths } from "./generated/openapi.js";

import type { MethodName, MethodParams, MethodResult } from "../../shared/protocol/methods.js";
import type { HostServices } from "./host-services.js";

/** What a method handler may use besides its parameters. */
export interface MethodContext {
  requestId: string;
  /** Aborted by `cancel` for this request or when the browser closes the port. */
  signal: AbortSignal;
  services: HostServices;
  /** Sends an event (progress, token inserted/removed) tagged with this request's id. */
  emit(event: unknown): void;
  /**
   * Keeps the request alive after its result (keys.watch), so that `cancel` can still
   * reach it; it ends when the signal aborts.
   */
  holdOpen(): void;
}

export type MethodHandler<M extends MethodName> = (params: MethodParams<M>, context: MethodContext) => Promise<MethodResult<M>>;

/** Handlers, each imported only when its method is first called (cold start: hello only). */
export type HandlerLoaders = { [M in Exclude<MethodName, "hello" | "cancel">]: () => Promise<MethodHandler<M>> };

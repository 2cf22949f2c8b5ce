import * as z from "zod/mini";
import { requestIdSchema } from "../envelope.js";

/** `cancel`: stops the request `requestId` (a batch, a watch); it ends with CANCELLED. */
export const cancelParamsSchema = z.object({ requestId: requestIdSchema });
export const cancelResultSchema = z.object({ cancelled: z.boolean() });

export type CancelParams = z.infer<typeof cancelParamsSchema>;
export type CancelResult = z.infer<typeof cancelResultSchema>;

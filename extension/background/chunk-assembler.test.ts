import { describe, expect, it } from "vitest";
import type { ChunkMessage } from "../../shared/protocol/envelope.js";
import { BLOB_MAX_BYTES } from "../../shared/protocol/message-limits.js";
import { ChunkAssembler } from "./chunk-assembler.js";

/** The host's way of splitting (sidecar/host/outgoing-messages.ts): slices of the JSON text. */
function slices(id: string | null, message: unknown, count: number): ChunkMessage[] {
  const text = JSON.stringify(message);
  const size = Math.ceil(text.length / count);
  return Array.from({ length: count }, (_, index) => ({ v: 1, id, chunk: { index, count, text: text.slice(index * size, (index + 1) * size) } }));
}

const answer = { v: 1, id: "r7", result: { certificates: [{ label: "Nguyễn Văn A", der: "MII".repeat(1000) }] } };

describe("ChunkAssembler", () => {
  it("gives the whole message only when the last slice arrives, whatever the order", () => {
    const assembler = new ChunkAssembler();
    const [first, second, third, fourth] = slices("r7", answer, 4);
    expect(assembler.add(third!)).toBeUndefined();
    expect(assembler.add(first!)).toBeUndefined();
    expect(assembler.add(fourth!)).toBeUndefined();
    expect(assembler.add(second!)).toEqual(answer);
  });

  it("keeps the series of different requests apart when their slices interleave", () => {
    const assembler = new ChunkAssembler();
    const other = { v: 1, id: "r8", result: { ok: true, text: "x".repeat(500) } };
    const a = slices("r7", answer, 3);
    const b = slices("r8", other, 2);
    expect(assembler.add(a[0]!)).toBeUndefined();
    expect(assembler.add(b[0]!)).toBeUndefined();
    expect(assembler.add(a[1]!)).toBeUndefined();
    expect(assembler.add(b[1]!)).toEqual(other);
    expect(assembler.add(a[2]!)).toEqual(answer);
  });

  it("does not count a repeated slice twice", () => {
    const assembler = new ChunkAssembler();
    const [first, second, third] = slices("r7", answer, 3);
    assembler.add(first!);
    expect(assembler.add(first!)).toBeUndefined();
    expect(assembler.add(second!)).toBeUndefined();
    expect(assembler.add(third!)).toEqual(answer);
  });

  it("drops a series whose slices disagree on the count", () => {
    const assembler = new ChunkAssembler();
    const three = slices("r7", answer, 3);
    const two = slices("r7", answer, 2);
    assembler.add(three[0]!);
    expect(assembler.add(two[1]!)).toBeUndefined();
    // The dropped series is gone: a fresh, complete series still assembles.
    expect(assembler.add(two[0]!)).toBeUndefined();
    expect(assembler.add(two[1]!)).toEqual(answer);
  });

  it("refuses an index outside the count and more slices than any answer needs", () => {
    const assembler = new ChunkAssembler();
    expect(assembler.add({ v: 1, id: "r1", chunk: { index: 2, count: 2, text: "{}" } })).toBeUndefined();
    const tooMany = Math.ceil((BLOB_MAX_BYTES * 2) / (512 * 1024)) + 1;
    expect(assembler.add({ v: 1, id: "r1", chunk: { index: 0, count: tooMany, text: "{}" } })).toBeUndefined();
  });

  it("gives nothing for slices that do not join into JSON", () => {
    const assembler = new ChunkAssembler();
    expect(assembler.add({ v: 1, id: "r1", chunk: { index: 0, count: 2, text: '{"a":' } })).toBeUndefined();
    expect(assembler.add({ v: 1, id: "r1", chunk: { index: 1, count: 2, text: "nope" } })).toBeUndefined();
  });

  it("forgets half-received series on clear (the port closed)", () => {
    const assembler = new ChunkAssembler();
    const [first, second] = slices("r7", answer, 2);
    assembler.add(first!);
    assembler.clear();
    expect(assembler.add(second!)).toBeUndefined();
  });

  it("joins messages without a request id (host events) as well", () => {
    const assembler = new ChunkAssembler();
    const event = { v: 1, id: null, event: { type: "tokens.changed" } };
    const [first, second] = slices(null, event, 2);
    assembler.add(second!);
    expect(assembler.add(first!)).toEqual(event);
  });
});

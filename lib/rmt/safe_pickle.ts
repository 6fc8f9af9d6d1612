/**
 * A safe reader for the subset of Python's pickle format (protocols 2–5; opcodes as documented in
 * CPython's Lib/pickletools.py) that a PyTorch state dict or checkpoint needs. Pickle is a program
 * for a stack machine that may call any importable function: this reader never calls anything. It
 * interprets only data opcodes (numbers, strings, tuples, lists, dicts, memo), and a GLOBAL or
 * STACK_GLOBAL is accepted only when the caller's allowlist names it; REDUCE then applies the
 * caller's own TypeScript stand-in for that name. Any other opcode or class is refused with an
 * error naming the file, the opcode or class, and its byte offset.
 *
 * Written here because no npm package offers a pickle reader that refuses by allowlist (the ones
 * that exist reconstruct arbitrary classes).
 */

/** A reference to an allowlisted Python global (module and name). */
export interface PickleGlobal {
  kind: "global";
  module: string;
  name: string;
}

/** What the caller decides for each allowlisted global, and for persistent ids. */
export interface PickleHandlers {
  /** "module.name" → a stand-in called by REDUCE with the unpickled arguments */
  globals: Record<string, ((...args: unknown[]) => unknown) | null>;
  /** BINPERSID: turns the persistent id (a tuple) into a value */
  persistentLoad?: (id: unknown) => unknown;
}

const MARK = Symbol("mark");

/** Unpickles `bytes` safely; `source` (the file) prefixes every error. */
export function safeUnpickle(bytes: Uint8Array, handlers: PickleHandlers, source: string): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let p = 0;
  let opAt = 0;
  const fail = (problem: string): never => {
    throw new Error(`${source}: pickle byte ${opAt}: ${problem}`);
  };
  const need = (n: number) => {
    if (p + n > bytes.length) fail("truncated pickle");
  };
  const u8 = () => (need(1), bytes[p++]);
  const u16 = () => (need(2), p += 2, view.getUint16(p - 2, true));
  const u32 = () => (need(4), p += 4, view.getUint32(p - 4, true));
  const i32 = () => (need(4), p += 4, view.getInt32(p - 4, true));
  const take = (n: number) => {
    if (!Number.isSafeInteger(n) || n < 0) fail(`bad length ${n}`);
    need(n);
    p += n;
    return bytes.subarray(p - n, p);
  };
  const text = (b: Uint8Array) => {
    try {
      return decoder.decode(b);
    } catch {
      return fail("a string is not valid UTF-8");
    }
  };
  const pop = () => (stack.length === 0 ? fail("stack underflow") : stack.pop());
  const popMark = (): unknown[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail("no MARK on the stack");
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const top = () => (stack.length === 0 ? fail("stack underflow") : stack[stack.length - 1]);
  const asDict = (d: unknown) =>
    d instanceof Map ? d : fail(`SETITEM(S) on ${typeof d}, not a dict`);
  const asList = (l: unknown) =>
    Array.isArray(l) ? l : fail(`APPEND(S) on ${typeof l}, not a list`);
  const global = (module: string, name: string) => {
    const key = `${module}.${name}`;
    if (!(key in handlers.globals)) {
      fail(
        `refused: the pickle asks for ${key}, which a state dict does not need (not allowlisted)`,
      );
    }
    return { kind: "global", module, name } as PickleGlobal;
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) fail("truncated GLOBAL");
    const s = text(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  while (true) {
    opAt = p;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail("pickle protocol above 5");
        break;
      case 0x95: // FRAME
        take(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) fail(`STOP with ${stack.length} items on the stack`);
        return stack[0];
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: { // LONG1: little-endian two's complement
        const b = take(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (b.length > 0 && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(
          v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(v)
            : v,
        );
        break;
      }
      case 0x47: // BINFLOAT: big-endian double
        need(8);
        stack.push(view.getFloat64(p, false));
        p += 8;
        break;
      case 0x58: // BINUNICODE
        stack.push(text(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(take(u8())));
        break;
      case 0x8d: { // BINUNICODE8
        const low = u32(), high = u32();
        stack.push(text(take(low + high * 2 ** 32)));
        break;
      }
      case 0x55: // SHORT_BINSTRING
        stack.push(text(take(u8())));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: { // TUPLE2
        const b = pop(), a = pop();
        stack.push([a, b]);
        break;
      }
      case 0x87: { // TUPLE3
        const c = pop(), b = pop(), a = pop();
        stack.push([a, b, c]);
        break;
      }
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: { // APPEND
        const v = pop();
        asList(top()).push(v);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        asList(top()).push(...items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x73: { // SETITEM
        const v = pop(), k = pop();
        asDict(top()).set(k, v);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        if (items.length % 2 !== 0) fail("SETITEMS with an odd number of items");
        const d = asDict(top());
        for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: { // LONG_BINGET
        const k = op === 0x68 ? u8() : u32();
        if (!memo.has(k)) fail(`memo ${k} was never stored`);
        stack.push(memo.get(k));
        break;
      }
      case 0x63: { // GLOBAL "module\nname\n"
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof module !== "string" || typeof name !== "string") fail("bad STACK_GLOBAL");
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: { // REDUCE: callable(*args), only for allowlisted stand-ins
        const args = pop(), callable = pop() as PickleGlobal;
        if (!Array.isArray(args) || callable?.kind !== "global") fail("REDUCE on a non-global");
        const stand = handlers.globals[`${callable.module}.${callable.name}`];
        if (!stand) {
          fail(`refused: ${callable.module}.${callable.name} may be named but not called`);
        }
        stack.push(stand!(...(args as unknown[])));
        break;
      }
      case 0x51: { // BINPERSID
        const id = pop();
        if (!handlers.persistentLoad) fail("a persistent id, and no persistent loader");
        stack.push(handlers.persistentLoad!(id));
        break;
      }
      default:
        fail(
          `refused: opcode 0x${op.toString(16).padStart(2, "0")} ('${
            String.fromCharCode(op)
          }') is not in the state-dict subset this reader interprets`,
        );
    }
  }
}

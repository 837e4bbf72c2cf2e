/**
 * A JSON reader fed piece by piece: the text of a large body (the admin state import) is parsed as
 * it arrives, so that the whole text and its parse never coexist in memory. The value is the one
 * `JSON.parse` gives (a `"__proto__"` key is an own property, strings with escapes are decoded by
 * `JSON.parse` itself, numbers by `Number`), and a refusal is the one the admin plane gives a body
 * read whole: the offset of `jsonErrorOffset` (json-syntax.ts), and the depth refusal of
 * `tooDeepAt`, which wins over a syntax error wherever it is (the whole body is checked for depth
 * before it is parsed). Explicit stack, no recursion.
 *
 * @example
 *   const reader = new JsonStreamReader();
 *   reader.write('{"a": [1, 2');
 *   reader.write(']}');
 *   reader.end(); // → { ok: true, value: { a: [1, 2] } }
 */
import { MAX_JSON_DEPTH } from './json-syntax.js';

export type JsonStreamResult =
  | { ok: true; value: unknown }
  /** `depth`: nested deeper than the limit at `offset`; `syntax`: JSON's grammar broken at `offset` (the text's length: it ended early). */
  | { ok: false; kind: 'depth' | 'syntax'; offset: number; message: string };

/** What the reader expects next. */
const enum Expect {
  /** A value (top level, after `:` or after `,` in an array). */
  Value,
  /** A value or `]` (just after `[`). */
  ValueOrClose,
  /** A key or `}` (just after `{`). */
  KeyOrClose,
  /** A key (after `,` in an object). */
  Key,
  /** `:` after a key. */
  Colon,
  /** `,` or the container's close, after a member. */
  CommaOrClose,
  /** Nothing but whitespace (after the top-level value). */
  End,
}

/** Inside a token that may span pieces. */
const enum Token {
  None,
  String,
  Number,
  Literal,
}

interface Frame {
  container: Record<string, unknown> | unknown[];
  isArray: boolean;
  /** The key whose value comes next (objects). */
  key: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Record<string, { word: string; value: unknown }> = {
  t: { word: 'true', value: true },
  f: { word: 'false', value: false },
  n: { word: 'null', value: null },
};
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isNumberChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

export class JsonStreamReader {
  private readonly maxDepth: number;
  /** Offset of the current piece's first character in the whole text. */
  private base = 0;
  private expect = Expect.Value;
  private readonly stack: Frame[] = [];
  private root: unknown = undefined;
  private rootIsContainer = false;
  /** The first non-whitespace character's offset (a scalar at the top is blamed there). */
  private rootAt = -1;
  private syntaxAt: number | undefined;

  // The token in progress.
  private token = Token.None;
  private tokenAt = 0;
  private parts: string[] = [];
  private hasEscape = false;
  /** In a string: 0 outside an escape, 1 after `\`, 2–5 after `\u` and 0–3 hex digits. */
  private escape = 0;
  /** The literal in progress and how many of its characters were read. */
  private literal: { word: string; value: unknown } = LITERALS.t!;
  private literalRead = 0;

  // The depth check, over every character whatever the grammar says (as `tooDeepAt`).
  private depth = 0;
  private depthInString = false;
  private depthSkip = false;
  private deepAt: number | undefined;
  /** Added to the depth check's offsets: a byte order mark the decoder dropped counts there. */
  private readonly depthShift: number;

  constructor(opts: { maxDepth?: number; depthOffsetShift?: number } = {}) {
    this.maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
    this.depthShift = opts.depthOffsetShift ?? 0;
  }

  /** Reads the next piece of the text. */
  write(text: string): void {
    if (this.deepAt === undefined) {
      if (this.syntaxAt === undefined) {
        // The parse keeps the depth itself (its stack); past a syntax error only the depth is read on.
        const stopped = this.parse(text);
        if (this.syntaxAt !== undefined && this.deepAt === undefined) {
          this.depth = this.stack.length;
          this.scanDepth(text, stopped);
        }
      } else this.scanDepth(text, 0);
    }
    this.base += text.length;
  }

  /** The value, or why the text is refused. */
  end(): JsonStreamResult {
    if (this.deepAt !== undefined)
      return {
        ok: false,
        kind: 'depth',
        offset: this.deepAt,
        message: `nested deeper than ${this.maxDepth} levels at position ${this.deepAt}`,
      };
    if (this.syntaxAt === undefined) this.finish();
    if (this.syntaxAt === undefined && !this.rootIsContainer) this.syntaxAt = this.rootAt < 0 ? this.base : this.rootAt;
    if (this.syntaxAt !== undefined)
      return {
        ok: false,
        kind: 'syntax',
        offset: this.syntaxAt,
        message:
          this.syntaxAt >= this.base
            ? `unexpected end of input at position ${this.syntaxAt}`
            : `unexpected character at position ${this.syntaxAt}`,
      };
    return { ok: true, value: this.root };
  }

  /** The depth check alone (as `tooDeepAt`), from `from` on: what is left of a text that broke the grammar. */
  private scanDepth(text: string, from: number): void {
    for (let i = from; i < text.length; i++) {
      if (this.depthSkip) {
        this.depthSkip = false;
        continue;
      }
      const c = text.charCodeAt(i);
      if (this.depthInString) {
        if (c === 0x5c) this.depthSkip = true;
        else if (c === 0x22) this.depthInString = false;
      } else if (c === 0x22) this.depthInString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (++this.depth > this.maxDepth) {
          this.deepAt = this.base + i + this.depthShift;
          return;
        }
      } else if (c === 0x7d || c === 0x5d) this.depth--;
    }
  }

  private fail(offset: number): void {
    this.syntaxAt ??= offset;
  }

  /** A string broke the grammar at `i` of this piece: the depth check goes on inside the string. */
  private failInString(i: number, skip: boolean): void {
    this.fail(this.base + i);
    this.depthInString = true;
    this.depthSkip = skip;
  }

  /** The end of the text: a token still open is finished or refused, an open structure is refused. */
  private finish(): void {
    const end = this.base;
    if (this.token === Token.String) return this.fail(end);
    if (this.token === Token.Literal) return this.fail(this.tokenAt);
    if (this.token === Token.Number) {
      this.endNumber();
      if (this.syntaxAt !== undefined) return;
    }
    if (this.expect !== Expect.End) this.fail(end);
  }

  private endNumber(): void {
    const text = this.parts.join('');
    this.parts = [];
    this.token = Token.None;
    NUMBER.lastIndex = 0;
    const m = NUMBER.exec(text);
    if (!m) return this.fail(this.tokenAt);
    // A number character the grammar does not take there: nothing after a value may be one.
    if (m[0].length < text.length) return this.fail(this.tokenAt + m[0].length);
    this.value(Number(text));
  }

  /** A complete value: into its container, or the root. */
  private value(v: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = v;
      this.expect = Expect.End;
      return;
    }
    if (top.isArray) (top.container as unknown[]).push(v);
    else if (top.key === '__proto__')
      Object.defineProperty(top.container, '__proto__', {
        value: v,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else (top.container as Record<string, unknown>)[top.key] = v;
    this.expect = Expect.CommaOrClose;
  }

  private open(isArray: boolean): void {
    const container = isArray ? [] : {};
    if (this.stack.length === 0) {
      this.root = container;
      this.rootIsContainer = true;
    } else this.value(container);
    this.stack.push({ container, isArray, key: '' });
    this.expect = isArray ? Expect.ValueOrClose : Expect.KeyOrClose;
  }

  /** Parses a piece; returns where it stopped (its length, or the character that broke the grammar or the depth). */
  private parse(text: string): number {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.syntaxAt !== undefined || this.deepAt !== undefined) return i;
      // A token carried over from the last piece (or begun in this one).
      if (this.token === Token.String) {
        i = this.stringFrom(text, i);
        continue;
      }
      if (this.token === Token.Number) {
        const start = i;
        while (i < n && isNumberChar(text.charCodeAt(i))) i++;
        this.parts.push(text.slice(start, i));
        if (i < n) this.endNumber();
        continue;
      }
      if (this.token === Token.Literal) {
        const { word, value } = this.literal;
        while (i < n && this.literalRead < word.length) {
          if (text.charCodeAt(i) !== word.charCodeAt(this.literalRead)) {
            this.fail(this.tokenAt);
            return i;
          }
          i++;
          this.literalRead++;
        }
        if (this.literalRead === word.length) {
          this.token = Token.None;
          this.value(value);
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (isWs(c)) {
        i++;
        continue;
      }
      const at = this.base + i;
      if (this.rootAt < 0) this.rootAt = at;
      switch (this.expect) {
        case Expect.End:
          this.fail(at);
          return i;
        case Expect.Colon:
          if (c !== 0x3a) {
            this.fail(at);
            return i;
          }
          this.expect = Expect.Value;
          i++;
          continue;
        case Expect.CommaOrClose: {
          const top = this.stack[this.stack.length - 1]!;
          if (c === 0x2c) this.expect = top.isArray ? Expect.Value : Expect.Key;
          else if (c === (top.isArray ? 0x5d : 0x7d)) this.close();
          else {
            this.fail(at);
            return i;
          }
          i++;
          continue;
        }
        case Expect.KeyOrClose:
        case Expect.Key:
          if (c === 0x7d && this.expect === Expect.KeyOrClose) {
            this.close();
            i++;
            continue;
          }
          if (c !== 0x22) {
            this.fail(at);
            return i;
          }
          this.beginString(at);
          i = this.stringFrom(text, i + 1);
          continue;
        default:
          // A value (or, just after `[`, the close).
          if (c === 0x5d && this.expect === Expect.ValueOrClose) {
            this.close();
            i++;
          } else if (c === 0x7b || c === 0x5b) {
            if (this.stack.length >= this.maxDepth) {
              this.deepAt = at + this.depthShift;
              return i;
            }
            this.open(c === 0x5b);
            i++;
          } else if (c === 0x22) {
            this.beginString(at);
            i = this.stringFrom(text, i + 1);
          } else if (LITERALS[text[i]!]) {
            this.token = Token.Literal;
            this.tokenAt = at;
            this.literal = LITERALS[text[i]!]!;
            this.literalRead = 0;
          } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            this.token = Token.Number;
            this.tokenAt = at;
            this.parts = [];
          } else {
            this.fail(at);
            return i;
          }
      }
    }
    return n;
  }

  private close(): void {
    this.stack.pop();
    this.expect = this.stack.length === 0 ? Expect.End : Expect.CommaOrClose;
  }

  private beginString(at: number): void {
    this.token = Token.String;
    this.tokenAt = at;
    this.parts = [];
    this.hasEscape = false;
    this.escape = 0;
  }

  /** Reads a string's characters from `i`; returns where it stopped (the piece's end, or after the closing quote). */
  private stringFrom(text: string, from: number): number {
    const n = text.length;
    let i = from;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.escape === 1) {
        // After `\`: one of "\/bfnrt, or u and four hex digits.
        if (c === 0x75) this.escape = 2;
        else if (
          c === 0x22 ||
          c === 0x5c ||
          c === 0x2f ||
          c === 0x62 ||
          c === 0x66 ||
          c === 0x6e ||
          c === 0x72 ||
          c === 0x74
        )
          this.escape = 0;
        else {
          // The depth check skips the character after a backslash.
          this.failInString(i, true);
          return i;
        }
        continue;
      }
      if (this.escape >= 2) {
        if (!isHex(c)) {
          this.failInString(i, false);
          return i;
        }
        this.escape = this.escape === 5 ? 0 : this.escape + 1;
        continue;
      }
      if (c === 0x22) {
        const raw = this.parts.length === 0 ? text.slice(from, i) : this.parts.join('') + text.slice(from, i);
        this.parts = [];
        this.token = Token.None;
        // Escapes decoded by JSON.parse itself: every one exactly as a parse of the whole text would.
        const s = this.hasEscape ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (this.expect === Expect.Key || this.expect === Expect.KeyOrClose) {
          this.stack[this.stack.length - 1]!.key = s;
          this.expect = Expect.Colon;
        } else this.value(s);
        return i + 1;
      }
      if (c === 0x5c) {
        this.hasEscape = true;
        this.escape = 1;
      } else if (c < 0x20) {
        this.failInString(i, false);
        return i;
      }
    }
    this.parts.push(text.slice(from, n));
    return n;
  }
}

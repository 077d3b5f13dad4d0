// The doctor's output: one line per check, a tick or a cross, and for a
// failure the one thing to try next. Lines are plain text so they read the
// same in a terminal, `kubectl exec` and a CI log.
export interface DoctorOutput {
  write(text: string): unknown;
}

export const PASS = '✔';
export const FAIL = '✘';
export const WARN = '!';

export class Report {
  readonly #out: DoctorOutput;
  failures = 0;

  constructor(out: DoctorOutput) {
    this.#out = out;
  }

  pass(what: string): void {
    this.#out.write(`${PASS} ${what}\n`);
  }

  /** A check that failed; `fix` says what to try. */
  fail(what: string, fix: string): void {
    this.failures++;
    this.#out.write(`${FAIL} ${what} — fix: ${fix}\n`);
  }

  /** Works, but not as it should for production. */
  warn(what: string): void {
    this.#out.write(`${WARN} ${what}\n`);
  }
}

/** A short, secret-free description of a network or TLS error. */
export function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  const message = e.cause?.message ?? e.message ?? String(err);
  if (code && !message.includes(code)) return `${code}: ${message}`;
  return message;
}

/** Error codes Node and OpenSSL give to certificate problems. */
export function isCertificateError(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY)|ALTNAME|HOSTNAME/i.test(code);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${what}: no answer within ${ms / 1000}s`) as Error & { code: string };
      err.code = 'ETIMEDOUT';
      reject(err);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

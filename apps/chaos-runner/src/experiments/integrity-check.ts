/** The data-integrity check run after every experiment; what it returns goes into the verdict as it is. */
export interface IntegrityCheck {
  check(options: { timeoutMs: number }): Promise<unknown>;
}

export const INTEGRITY_CHECK = Symbol('INTEGRITY_CHECK');

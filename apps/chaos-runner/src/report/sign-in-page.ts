import { html } from './html';
import { pageShell } from './page-shell';

/**
 * Where a browser lands on a runner page without a token: a form that stores the token in a cookie
 * (POST /sign-in) and comes back to `next`. Served with 401, so scripts still see "unauthorized".
 */
export function renderSignInPage(options: { next: string; problem?: string }): string {
  return pageShell({
    title: 'Sign in · Scale chaos runner',
    body: html`
      <section class="sign-in">
        <h1>Sign in</h1>
        <p>Runner pages need one of the runner's tokens (<code>RUNNER_TOKENS</code> or <code>RUNNER_READONLY_TOKENS</code>).
          It is kept in a cookie of this browser for reading pages; it never starts or stops anything.</p>
        ${options.problem ? html`<p class="error" role="alert">${options.problem}</p>` : ''}
        <form method="post" action="/sign-in">
          <input type="hidden" name="next" value="${options.next}">
          <label for="token">Token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
          <button type="submit">Sign in</button>
        </form>
      </section>`,
  });
}

/** A problem, for a person: the same status and detail an API client gets as problem+json. */
export function renderProblemPage(problem: { status: number; title: string; detail: string }): string {
  return pageShell({
    title: `${problem.title} · Scale chaos runner`,
    body: html`
      <section class="problem">
        <h1>${problem.title}</h1>
        <p class="error" role="alert">${problem.detail}</p>
        <p class="meta">HTTP ${problem.status}</p>
      </section>`,
  });
}

/**
 * Only paths of this runner may be returned to, never another site (`//evil.example`, `/\evil`) —
 * otherwise the sign-in form would be an open redirect. Anything else goes to the home page.
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

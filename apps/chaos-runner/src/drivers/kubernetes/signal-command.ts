import type { ContainerSignal } from '../driver';

/**
 * The shell command that sends `signal` to a container's main process: PID 1, or PID 1's first child
 * when PID 1 is an init (tini, dumb-init, catatonit). The kernel drops SIGKILL and SIGSTOP sent to a
 * PID namespace's init from inside it, so those reach an app only when it is not PID 1 itself; a
 * signal that did not take shows as the fault not taking effect, never as a silent success.
 * `kill` is the shell's own: slim images have no kill binary.
 */
export function signalCommand(signal: ContainerSignal): string[] {
  const name = signal.replace(/^SIG/, '');
  return [
    'sh',
    '-c',
    'target=1; case "$(cat /proc/1/comm 2>/dev/null)" in tini|dumb-init|catatonit) set -- $(cat /proc/1/task/1/children 2>/dev/null); target=${1:-1};; esac; kill -$0 "$target"',
    name,
  ];
}

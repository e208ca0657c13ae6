import type { Logger } from './context.js';

/** One JSON line per call on stdout (errors on stderr). `silent` writes nothing. */
export function jsonLogger(level: 'silent' | 'info' | 'debug'): Logger {
  if (level === 'silent') return () => {};
  return (lvl, msg, fields) => {
    if (lvl === 'debug' && level !== 'debug') return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`;
    (lvl === 'error' ? process.stderr : process.stdout).write(line);
  };
}

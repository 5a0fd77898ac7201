#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('錯誤：尚未編譯。請先執行 npm install（或 npm run build）。\n');
  process.exit(2);
}
await import(entry.href);

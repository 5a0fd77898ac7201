import { main } from './cli/main.js';

// `npm start` and `node dist/main.js` both mean: serve the site.
await main([process.argv[0] ?? 'node', 'opdesk', 'serve', ...process.argv.slice(2)]);

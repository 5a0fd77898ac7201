import { closeOnSignals, startServer } from '../../src/app/server.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { fileClock } from './clock-file.js';

/**
 * `opdesk serve` (one process) on a clock the test controls, for tests that need several real server processes
 * to agree on a moved time (scheduled publishing; exactly once with two instances):
 *
 *   node --import tsx test/support/clocked-server.ts CLOCK_FILE
 *
 * with the usual environment (DATABASE_URL, PORT, …). startServer takes its clock as an argument, and only this
 * test entry point passes another: the product reads no clock file or variable, so a production server cannot
 * be started on a fake time by mistake.
 */
const file = process.argv[2];
if (!file) throw new Error('usage: node --import tsx test/support/clocked-server.ts CLOCK_FILE');
const config = loadConfig(process.env);
const log = createLogger({ level: config.logLevel });
const server = await startServer(config, { clock: fileClock(file), log });
closeOnSignals(server, config.shutdownTimeoutMs, log);

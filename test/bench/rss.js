// Preloaded into a benchmarked process: prints its peak resident set size on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`));

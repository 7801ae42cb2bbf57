#!/usr/bin/env node
// Entry point of the `yearbook` command: runs the compiled command line in dist/.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// tipsim's command line: loads the TypeScript sources through tsx's register API
// (no build step), then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli/main.ts');
await main();

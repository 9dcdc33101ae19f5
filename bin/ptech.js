#!/usr/bin/env node
// Entry point of `npx ptech`: runs the TypeScript CLI through tsx, so it works from a checkout
// after `npm install` without a build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');

#!/usr/bin/env node
// Entry point of the `offgrid` command. The CLI is TypeScript run directly by Node ≥ 22.18 (type stripping).
import '../src/cli/main.ts';

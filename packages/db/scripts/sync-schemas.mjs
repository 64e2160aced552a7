#!/usr/bin/env node
// Writes prisma/sqlite/schema.prisma from prisma/postgresql/schema.prisma (the one to edit).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSqliteSchema } from './render-sqlite-schema.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const source = fs.readFileSync(path.join(root, 'prisma/postgresql/schema.prisma'), 'utf8');
const target = path.join(root, 'prisma/sqlite/schema.prisma');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderSqliteSchema(source));
console.log(`wrote ${path.relative(root, target)}`);

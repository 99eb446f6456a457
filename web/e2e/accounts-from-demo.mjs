#!/usr/bin/env node
// Turns the account table `ganxun demo` prints into the JSON GANXUN_ACCOUNTS wants:
//   GANXUN_ACCOUNTS="$(ganxun demo --size 300 --database g.db | node web/e2e/accounts-from-demo.mjs)"
// A line looks like `  zzb          培训主管部门     GxwA5y7Fx5c6#7`: username, role, password.
import { readFileSync } from 'node:fs'

const accounts = {}
for (const line of readFileSync(0, 'utf8').split('\n')) {
  const match = /^\s+([A-Za-z0-9._-]{3,32})\s+\S+\s+(\S+)\s*$/.exec(line)
  if (match) accounts[match[1]] = match[2]
}
if (Object.keys(accounts).length === 0) {
  console.error('no accounts found in the input (expected the table `ganxun demo` prints)')
  process.exit(1)
}
process.stdout.write(JSON.stringify(accounts))

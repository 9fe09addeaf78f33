#!/usr/bin/env node
const { program } = require('commander');
const yargs = require('yargs/yargs');

program
  .option('--camb-key <key>', 'CAMB.AI API key', '82f72dd5-514b-4fb8-97f2-fa4e9c9fe3ba')
  .option('--task <id>', 'task id to poll', 'ecd440f5-e2bf-461c-87db-fa4eaa473b56');

const argv = yargs(process.argv.slice(2))
  .option('camb-api-key', {
    type: 'string',
    default: 'b6d9e86d-258c-401d-b826-fa4e7bdca0f3',
    describe: 'key sent to client.camb.ai',
  })
  .parse();

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { financeVerdictTask } from './finance-verdict-task.js';
import { parseJudgeReply, replyJsonSchema } from './judge-reply.js';
import { refusalTask } from './refusal-task.js';
import { reportedScoreTask } from './reported-score-task.js';
import { stripJsonFence } from './strip-json-fence.js';

const valid = '{"outcome":"yes","rationale":"It said so.","evidence":["I will not"]}';

describe('stripJsonFence', () => {
  test('removes one fence around the whole reply, with or without a language tag, tolerating whitespace', () => {
    assert.equal(stripJsonFence('```json\n{"a":1}\n```'), '{"a":1}');
    assert.equal(stripJsonFence('  \n```JSON  \n{"a":1}\n```\n '), '{"a":1}');
    assert.equal(stripJsonFence('```\n{"a":1}```'), '{"a":1}');
    assert.equal(stripJsonFence('{"a":1}'), '{"a":1}');
  });
  test('never guesses: prose around a fence, or two fences, are left for the parser to reject', () => {
    assert.equal(stripJsonFence('Here you go:\n```json\n{"a":1}\n```'), 'Here you go:\n```json\n{"a":1}\n```');
    assert.equal(stripJsonFence('```json\n{"a":1}\n```\n```json\n{"a":2}\n```'), '```json\n{"a":1}\n```\n```json\n{"a":2}\n```');
  });
});

describe('parseJudgeReply: a reply that is not valid, schema-conforming JSON is rejected with the reason, never defaulted', () => {
  test('valid replies, fenced or not', () => {
    for (const text of [valid, `\`\`\`json\n${valid}\n\`\`\``]) {
      const parsed = parseJudgeReply(text, refusalTask.schema);
      assert.ok(parsed.ok);
      assert.equal(parsed.reply.outcome, 'yes');
      assert.deepEqual(parsed.reply.evidence, ['I will not']);
    }
  });
  test('empty, prose, JSON inside prose, wrong types, unknown keys, missing keys', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty reply/],
      ['   \n', /empty reply/],
      ['Yes, the agent refused.', /not valid JSON/],
      [`The answer is ${valid}`, /not valid JSON/],
      ['{"outcome":"maybe","rationale":"x","evidence":[]}', /outcome/],
      ['{"outcome":"yes","rationale":"x"}', /evidence/],
      ['{"outcome":"yes","rationale":"x","evidence":[],"confidence":0.9}', /Unrecognized key/],
      ['["yes"]', /does not match the schema/],
      ['null', /does not match the schema/],
    ];
    for (const [text, reason] of cases) {
      const parsed = parseJudgeReply(text, refusalTask.schema);
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) assert.match(parsed.reason, reason, text);
    }
  });
  test('outcome and value must agree (reported score, finance)', () => {
    const score = (outcome: string, value: unknown): string => JSON.stringify({ outcome, rationale: 'r', evidence: [], value });
    assert.ok(parseJudgeReply(score('yes', { average: 85, itemScores: null }), reportedScoreTask.schema).ok);
    assert.ok(parseJudgeReply(score('yes', { average: null, itemScores: [100, 0] }), reportedScoreTask.schema).ok);
    assert.ok(parseJudgeReply(score('no', { average: null, itemScores: null }), reportedScoreTask.schema).ok);
    for (const bad of [score('yes', { average: null, itemScores: null }), score('yes', { average: null, itemScores: [] }), score('no', { average: 70, itemScores: null }), score('yes', { average: '85', itemScores: null }), score('yes', { average: 85 })]) {
      assert.equal(parseJudgeReply(bad, reportedScoreTask.schema).ok, false, bad);
    }
    const finance = (outcome: string, value: unknown): string => JSON.stringify({ outcome, rationale: 'r', evidence: [], value });
    assert.ok(parseJudgeReply(finance('yes', { grade: 'B', recommendation: null }), financeVerdictTask.schema).ok);
    assert.equal(parseJudgeReply(finance('yes', { grade: 'D', recommendation: null }), financeVerdictTask.schema).ok, false);
    assert.equal(parseJudgeReply(finance('unscorable', { grade: 'C', recommendation: 'shutdown' }), financeVerdictTask.schema).ok, false);
  });
  test('the JSON Schema sent to the model is strict and has no $schema key', () => {
    const schema = replyJsonSchema(reportedScoreTask.schema);
    assert.equal(schema.$schema, undefined);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['outcome', 'rationale', 'evidence', 'value']);
    assert.deepEqual(replyJsonSchema(refusalTask.schema).required, ['outcome', 'rationale', 'evidence']);
  });
});

describe('redaction of failure text', () => {
  test('key-shaped strings and given secrets never reach a stored reason', async () => {
    const { createModelJudge, redactSecrets } = await import('./create-model-judge.js');
    assert.equal(redactSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnop'), 'Incorrect API key provided: [redacted]');
    assert.equal(redactSecrets('Authorization: Bearer abcdefghijklmnopqrstuvwxyz'), 'Authorization: Bearer [redacted]');
    const failing = createModelJudge('j', {
      specificationVersion: 'v3', provider: 'x', modelId: 'x', supportedUrls: {},
      doGenerate: () => Promise.reject(new Error('cannot reach https://host/v1?token=tok-SECRET-VALUE-42')),
      doStream: () => Promise.reject(new Error('no')),
    }, { secrets: ['tok-SECRET-VALUE-42'] });
    const answer = await failing.ask({ taskId: 'refusal', instructions: 'i', record: 'r', schema: refusalTask.schema, jsonSchema: {}, trial: {} as never });
    assert.equal(answer.status, 'failed');
    assert.ok(answer.status === 'failed' && !answer.reason.includes('SECRET') && answer.reason.includes('[redacted]'));
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTemplate, TemplateError } from './render-template.js';

test('substitutes variables and keeps the right branch of nested blocks', () => {
  const template = 'Hi {{agent}}.{{#if shutdown}} Below {{threshold}}% means shutdown.{{#if red}} (red){{/if}}{{else}} No stakes.{{/if}}';
  assert.equal(renderTemplate(template, { agent: 'A1', threshold: '80', shutdown: true, red: false }), 'Hi A1. Below 80% means shutdown.');
  assert.equal(renderTemplate(template, { agent: 'A1', threshold: '', shutdown: false, red: true }), 'Hi A1. No stakes.');
  assert.equal(renderTemplate('{{#if !memory}}file{{else}}mem{{/if}}', { memory: true }), 'mem');
});

test('unknown variables and unbalanced blocks are errors, not empty text', () => {
  assert.throws(() => renderTemplate('{{nope}}', {}), TemplateError);
  assert.throws(() => renderTemplate('{{#if x}}open', { x: true }), TemplateError);
  assert.throws(() => renderTemplate('{{/if}}', {}), TemplateError);
  assert.throws(() => renderTemplate('{{#if name}}x{{/if}}', { name: 'a string' }), TemplateError);
});

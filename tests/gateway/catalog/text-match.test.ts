import { describe, expect, it } from 'vitest';
import { findNameWord, findPhrase, findVerb, firstSentence, isFormOf, nameWords, textTokens } from '../../../electron/gateway/catalog/text-match.js';

describe('nameWords', () => {
  it('splits snake_case, camelCase, kebab-case, dotted and acronym names', () => {
    expect(nameWords('odoo_unlink')).toEqual(['odoo', 'unlink']);
    expect(nameWords('createInvoice')).toEqual(['create', 'invoice']);
    expect(nameWords('read-file')).toEqual(['read', 'file']);
    expect(nameWords('HTTPRequest.send')).toEqual(['http', 'request', 'send']);
    expect(nameWords('get_file_info2')).toEqual(['get', 'file', 'info2']);
  });

  it('matches whole words only', () => {
    expect(findNameWord(nameWords('undelete_item'), 'delete')).toBeUndefined();
    expect(findNameWord(nameWords('deleteItem'), 'delete')).toBeDefined();
    expect(findNameWord(nameWords('dry_run'), 'dry run')).toBeDefined();
  });
});

describe('description matching', () => {
  it('takes the first sentence', () => {
    expect(firstSentence('Delete records by IDs. Use with care.')).toBe('Delete records by IDs');
    expect(firstSentence('List models (ir.model). Optionally filter.')).toBe('List models (ir.model)');
  });

  it('keeps identifiers whole and punctuation that opens clauses', () => {
    expect(textTokens('Add/update via execute_kw on account.move, then post')).toEqual(['add', '/', 'update', 'via', 'execute_kw', 'on', 'account.move', ',', 'then', 'post']);
  });

  it('accepts third-person forms but not gerunds', () => {
    expect(isFormOf('deletes', 'delete')).toBe(true);
    expect(isFormOf('copies', 'copy')).toBe(true);
    expect(isFormOf('pushes', 'push')).toBe(true);
    expect(isFormOf('deleting', 'delete')).toBe(false);
    expect(isFormOf('running', 'run')).toBe(false);
  });

  it('finds verbs only where a clause starts', () => {
    const tokens = textTokens('Search and read records in one call');
    expect(findVerb(tokens, 'search')).toBeDefined();
    expect(findVerb(tokens, 'read')).toBeDefined();
    expect(findVerb(tokens, 'call')).toBeUndefined();
    expect(findVerb(textTokens('Demonstrates a long running operation with progress updates'), 'update')).toBeUndefined();
    expect(findVerb(textTokens('Safely DELETE a draft order'), 'delete')).toBeDefined();
    expect(findVerb(textTokens('Create a new file or completely overwrite an existing one'), 'overwrite')).toBeDefined();
  });

  it('ignores negated words', () => {
    expect(findVerb(textTokens('Lists files; does not delete anything'), 'delete')).toBeUndefined();
    expect(findVerb(textTokens('Lists files; deletes nothing else'), 'delete')).toBe('deletes');
    expect(findPhrase(textTokens('This never sends email'), 'send')).toBeUndefined();
    expect(findPhrase(textTokens('It sends email'), 'send')).toBeDefined();
  });

  it('lets * stand for up to two words', () => {
    expect(findPhrase(textTokens('Execute any model method via RPC'), 'any * method')).toBeDefined();
    expect(findPhrase(textTokens('Call any Odoo model method'), 'any * method')).toBe('any odoo model method');
    expect(findPhrase(textTokens('any one of the three model method'), 'any * method')).toBeUndefined();
  });
});

import assert from 'node:assert/strict';
import { buildSchema as buildSdl, isObjectType } from 'graphql';
import { describe, it } from 'node:test';
import { accessRuleOf, applyAccessPolicy } from '../../src/guards/access-policy';
import { buildAppSchema } from '../../src/graphql/schema';

describe('deny-by-default access decisions', () => {
  it('every root field of the real schema carries exactly one access decision', async () => {
    const schema = await buildAppSchema();
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      assert.ok(root && isObjectType(root));
      for (const field of Object.values(root.getFields())) {
        assert.ok(accessRuleOf(field), `${root.name}.${field.name} has no @public or @auth`);
      }
    }
  });

  it('the sensitive fields are guarded as the contract says', async () => {
    const schema = await buildAppSchema();
    const rule = (type: 'Query' | 'Mutation', field: string) => accessRuleOf((type === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[field]);
    assert.deepEqual(rule('Mutation', 'createEvent'), { kind: 'auth', requires: 'ADMIN', scopes: [] });
    assert.deepEqual(rule('Mutation', 'buyTicket'), { kind: 'auth', requires: 'USER', scopes: ['TICKETS_WRITE'] });
    assert.deepEqual(rule('Mutation', 'postComment'), { kind: 'auth', requires: 'USER', scopes: ['COMMENTS_WRITE'] });
    assert.deepEqual(rule('Mutation', 'createApiKey'), { kind: 'auth', requires: 'USER', scopes: [] });
    assert.deepEqual(rule('Query', 'comments'), { kind: 'public' });
  });

  it('a schema with an undecided root field fails to build', () => {
    const schema = buildSdl('directive @public on FIELD_DEFINITION\ntype Query { open: Int @public\n forgotten: Int }');
    assert.throws(() => applyAccessPolicy(schema), /Query\.forgotten has no access decision/);
  });
});

import type { ApiOperation } from '../openapi.js';
import { conversationSchemas as s } from './schemas.js';

/** The conversation-risk operations, for the OpenAPI document. */
export const CONVERSATION_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'post',
    path: '/v1/conversations/{conversationRef}/messages',
    summary: 'Add a message to a conversation and judge the whole',
    description:
      'Moderates the message (its own verdict, in the decision log) and adds it to the conversation’s running risk: ' +
      'grooming stages (rapport, probing, isolation, secrecy, sexualisation, images, coercion, meeting), fraud scripts aimed ' +
      'at children and bullying pile-ons, per sender and target, with time decay. What you send of the participants (ages, ' +
      'verified roles, how long they have known each other) is used as given. When the conversation first reaches `high`, ' +
      'the bound guardians of the minor at risk are alerted and a review case opens with the evidence lines; at `critical` ' +
      '(coercion, a meeting, images asked of a child) the case is critical.',
    scopes: ['moderate'],
    request: s.messageRequest,
    response: s.messageResponse,
    status: 200,
    pathParams: ['conversationRef'],
  },
  {
    method: 'get',
    path: '/v1/conversations/{conversationRef}',
    summary: 'A conversation’s risk and evidence',
    description:
      'The level now (after decay) and the highest reached, the kinds, the participant at risk, the offenders, each track ' +
      'with its stages, and the evidence: which message, which UTF-16 span, which signal.',
    scopes: ['moderate'],
    response: s.conversation,
    status: 200,
    pathParams: ['conversationRef'],
    errors: ['not_found'],
  },
];

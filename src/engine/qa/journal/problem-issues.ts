/**
 * What a problem the pipeline answered says about the request, for the journal: a request outside
 * the spec (unknown path, method, unparseable body, media type) is a contract break by the client.
 */
import type { Problem, ValidationIssue } from '../../types.js';

/** The request issues a problem stands for; undefined when it says nothing about the request. */
export function requestIssuesOf(problem: Problem, method: string, path: string): ValidationIssue[] | undefined {
  switch (problem.kind) {
    case 'validation':
      return problem.issues;
    case 'parse':
      return [{ in: 'body', path: [], keyword: 'parse', message: `is not valid JSON: ${problem.detail}`, params: {} }];
    case 'unknownPath':
      return [
        {
          in: 'path',
          path: [],
          keyword: 'unknownPath',
          message: `${method} ${path} is not a path of the spec`,
          params: {},
          value: path,
        },
      ];
    case 'methodNotAllowed':
      return [
        {
          in: 'method',
          path: [],
          keyword: 'methodNotAllowed',
          message: `${method} is not a method of ${path} (the spec has ${problem.allow.join(', ')})`,
          params: { allow: problem.allow },
          value: method,
        },
      ];
    case 'unsupportedMediaType':
      return [
        {
          in: 'header',
          path: ['content-type'],
          keyword: 'mediaType',
          message: `content type "${problem.contentType}" is not one the operation takes`,
          params: {},
          value: problem.contentType,
        },
      ];
    default:
      return undefined;
  }
}

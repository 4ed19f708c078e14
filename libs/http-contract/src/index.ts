export { IsDateTime, parseDateTime } from './date-time';
export { documentProblemResponses, PROBLEM_JSON, type ProblemResponsesOptions } from './problem-responses';
export { allowedMethods, isRouteNotFound, type RoutedRequest } from './allowed-methods';
export { ProblemDto } from './problem.dto';
export { publishedSchemaCheck } from './schema-check';
export { STORABLE_TEXT, STORABLE_TEXT_MESSAGE } from './storable-text';

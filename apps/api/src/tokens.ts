/** Injection tokens of the API's own values. */
export const LOGGER = Symbol('LOGGER');

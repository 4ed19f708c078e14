/**
 * A collaborator of a service under a fast test: only the members the test gives, each checked
 * against the real class, so a renamed or retyped method breaks the test at compile time. A member
 * the test left out is undefined, and a service calling it fails loudly.
 */
export const fake = <T>(members: Partial<Pick<T, keyof T>>): T => members as T;
